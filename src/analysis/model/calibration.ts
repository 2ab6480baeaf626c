import { sigmoid } from './sigmoid.js';

/** Platt scaling: P = σ(a·z + b) over a raw score z. `a` is kept positive so the map is monotone. */
export interface PlattScaling {
  readonly a: number;
  readonly b: number;
}

/** One bin of a reliability table. */
export interface ReliabilityBin {
  /** Lower and upper bound of the predicted probabilities in the bin. */
  readonly from: number;
  readonly to: number;
  readonly n: number;
  readonly mean_predicted: number;
  readonly observed_rate: number;
}

/** How well probabilities match outcomes. */
export interface CalibrationReport {
  readonly n: number;
  /** Expected calibration error over equal-width bins: Σ (n_b / n) · |mean predicted − observed|. */
  readonly ece: number;
  /** Mean squared error of the probabilities. */
  readonly brier: number;
  readonly bins: readonly ReliabilityBin[];
}

const MIN_SLOPE = 1e-3;

/**
 * Fits Platt scaling by Newton's method on the regularised targets of Platt (1999), so a perfectly
 * separated training fold does not produce an infinite slope.
 *
 * @example fitPlatt([-2, -1, 1, 2], [0, 0, 1, 1]).a > 0 // true
 */
export function fitPlatt(scores: readonly number[], labels: readonly number[]): PlattScaling {
  const positives = labels.filter((y) => y === 1).length;
  const negatives = labels.length - positives;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  let a = 1;
  let b = 0;
  for (let it = 0; it < 100; it++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < scores.length; i++) {
      const z = scores[i]!;
      const t = labels[i] === 1 ? hi : lo;
      const p = sigmoid(a * z + b);
      const d = p - t;
      const v = p * (1 - p);
      ga += d * z;
      gb += d;
      haa += v * z * z;
      hab += v * z;
      hbb += v;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { a: Math.max(MIN_SLOPE, a), b };
}

/** Applies Platt scaling. */
export function applyPlatt(scaling: PlattScaling, z: number): number {
  return sigmoid(scaling.a * z + scaling.b);
}

/**
 * ECE, Brier score and the reliability table of probabilities against 0/1 outcomes, over `binCount`
 * equal-width bins (a probability of exactly 1 falls in the last bin). Empty bins are left out.
 *
 * @example calibrationReport([0.2, 0.8], [0, 1]).brier // 0.04
 */
export function calibrationReport(probabilities: readonly number[], outcomes: readonly number[], binCount = 10): CalibrationReport {
  const n = probabilities.length;
  const count = new Array<number>(binCount).fill(0);
  const sumP = new Array<number>(binCount).fill(0);
  const sumY = new Array<number>(binCount).fill(0);
  let brier = 0;
  for (let i = 0; i < n; i++) {
    const p = probabilities[i]!;
    const y = outcomes[i]!;
    const bin = Math.min(binCount - 1, Math.max(0, Math.floor(p * binCount)));
    count[bin]!++;
    sumP[bin]! += p;
    sumY[bin]! += y;
    brier += (p - y) ** 2;
  }
  let ece = 0;
  const bins: ReliabilityBin[] = [];
  for (let k = 0; k < binCount; k++) {
    const c = count[k]!;
    if (c === 0) continue;
    const meanP = sumP[k]! / c;
    const rate = sumY[k]! / c;
    ece += (c / n) * Math.abs(meanP - rate);
    bins.push({ from: round(k / binCount), to: round((k + 1) / binCount), n: c, mean_predicted: round(meanP), observed_rate: round(rate) });
  }
  return { n, ece: round(n === 0 ? 0 : ece), brier: round(n === 0 ? 0 : brier / n), bins };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
