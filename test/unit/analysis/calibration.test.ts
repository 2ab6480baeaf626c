import { describe, expect, it } from 'vitest';
import { applyPlatt, calibrationReport, fitPlatt } from '../../../src/analysis/index.js';

describe('calibration metrics', () => {
  it('computes ECE over 10 equal-width bins on a known toy set', () => {
    // Bin [0.1,0.2): mean 0.1, observed 0.5 → |0.4| × 2/4; bin [0.9,1]: mean 0.9, observed 1 → 0.1 × 2/4.
    const r = calibrationReport([0.1, 0.1, 0.9, 0.9], [0, 1, 1, 1]);
    expect(r.ece).toBeCloseTo(0.25, 10);
    expect(r.brier).toBeCloseTo((0.01 + 0.81 + 0.01 + 0.01) / 4, 10);
    expect(r.bins).toEqual([
      { from: 0.1, to: 0.2, n: 2, mean_predicted: 0.1, observed_rate: 0.5 },
      { from: 0.9, to: 1, n: 2, mean_predicted: 0.9, observed_rate: 1 },
    ]);
  });

  it('gives 0 ECE to perfectly calibrated bins and puts a probability of 1 in the last bin', () => {
    const r = calibrationReport([0.25, 0.25, 0.25, 0.25, 1], [1, 0, 0, 0, 1]);
    expect(r.ece).toBe(0);
    expect(r.bins.at(-1)).toMatchObject({ from: 0.9, to: 1, n: 1 });
  });

  it('fits Platt scaling that is monotone and moves scores toward the observed rates', () => {
    const scores = [-3, -2, -1, -0.5, 0.5, 1, 2, 3];
    const labels = [0, 0, 0, 1, 0, 1, 1, 1];
    const platt = fitPlatt(scores, labels);
    expect(platt.a).toBeGreaterThan(0);
    expect(applyPlatt(platt, -3)).toBeLessThan(applyPlatt(platt, 0));
    expect(applyPlatt(platt, 0)).toBeLessThan(applyPlatt(platt, 3));
    expect(applyPlatt(platt, 0)).toBeCloseTo(0.5, 1);
  });
});
