import { describe, expect, it } from 'vitest';
import { computeMetrics, evalRowSchema, type EvalItem } from '../../../src/eval/index.js';

const row = (id: string, label: 'threat' | 'not_threat', extra: Record<string, unknown> = {}) =>
  evalRowSchema.parse({ id, text: `text ${id}`, lang: 'en', label, ...extra });
const item = (id: string, score: number, severity = 'none'): EvalItem => ({
  id,
  predicted: severity === 'none' ? 'not_threat' : 'threat',
  score,
  severity,
  target_places: [],
});

describe('eval calibration and scenario metrics', () => {
  it('reports ECE, Brier and the reliability table of the scores', () => {
    const rows = [row('a', 'not_threat'), row('b', 'threat'), row('c', 'threat'), row('d', 'threat')];
    const items = [item('a', 0.1), item('b', 0.1), item('c', 0.9, 'critical'), item('d', 0.9, 'critical')];
    const { calibration } = computeMetrics(rows, items);
    expect(calibration.ece).toBeCloseTo(0.25, 10);
    expect(calibration.brier).toBeCloseTo(0.21, 10);
    expect(calibration.bins.map((b) => b.n)).toEqual([2, 2]);
  });

  it('reports recall per labelled severity and the flag rate among marked hard negatives', () => {
    const rows = [
      row('a', 'threat', { severity: 'critical' }),
      row('b', 'threat', { severity: 'critical' }),
      row('c', 'not_threat', { hard_negative: true }),
      row('d', 'not_threat', { difficulty: 'hard' }),
      row('e', 'not_threat'),
    ];
    const items = [item('a', 0.9, 'critical'), item('b', 0.5, 'medium'), item('c', 0.3, 'low'), item('d', 0), item('e', 0)];
    const metrics = computeMetrics(rows, items);
    expect(metrics.severity_recall.critical).toEqual({ n: 2, flagged: 2, recall: 1, same_severity: 1 });
    expect(metrics.hard_negatives).toEqual({ en: { flagged: 1, n: 2, rate: 0.5 } });
  });

  it('leaves scenario sections empty for datasets without those fields', () => {
    const metrics = computeMetrics([row('a', 'threat')], [item('a', 0.9, 'critical')]);
    expect(metrics.severity_recall).toEqual({});
    expect(metrics.hard_negatives).toBeNull();
  });
});
