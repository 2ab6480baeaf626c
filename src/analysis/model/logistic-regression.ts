/** Options of {@link trainLogistic}. */
export interface LogisticOptions {
  /** L2 penalty on the weights (not the bias), per example. */
  readonly l2?: number;
  readonly iterations?: number;
  readonly learningRate?: number;
  /** Per-feature sign constraint: +1 weight ≥ 0, −1 weight ≤ 0, 0 free. */
  readonly signs?: readonly number[];
}

/** A linear model over a fixed feature layout. */
export interface LinearModel {
  readonly bias: number;
  readonly weights: readonly number[];
}

/** The logistic function, safe for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** w · x + bias. */
export function linearScore(model: { readonly bias: number; readonly weights: ArrayLike<number> }, x: ArrayLike<number>): number {
  let z = model.bias;
  const w = model.weights;
  for (let i = 0; i < w.length; i++) z += w[i]! * x[i]!;
  return z;
}

/**
 * L2-regularised logistic regression by full-batch gradient descent with a fixed number of steps and
 * a projection onto the sign constraints after each step: no randomness, so the same rows in the same
 * order always give the same weights (the model file is reproducible).
 *
 * @example trainLogistic([[0], [1]], [0, 1]).weights[0] > 0 // true
 */
export function trainLogistic(xs: readonly (readonly number[])[], ys: readonly number[], opts: LogisticOptions = {}): LinearModel {
  const n = xs.length;
  const d = xs[0]?.length ?? 0;
  const l2 = opts.l2 ?? 1e-3;
  const iterations = opts.iterations ?? 2000;
  const rate = opts.learningRate ?? 1;
  const signs = opts.signs ?? [];
  const w = new Float64Array(d);
  let b = 0;
  const grad = new Float64Array(d);
  for (let it = 0; it < iterations; it++) {
    grad.fill(0);
    let gb = 0;
    for (let r = 0; r < n; r++) {
      const x = xs[r]!;
      let z = b;
      for (let j = 0; j < d; j++) z += w[j]! * x[j]!;
      const err = sigmoid(z) - ys[r]!;
      gb += err;
      for (let j = 0; j < d; j++) grad[j]! += err * x[j]!;
    }
    b -= (rate * gb) / n;
    for (let j = 0; j < d; j++) {
      let next = w[j]! - rate * (grad[j]! / n + l2 * w[j]!);
      const s = signs[j] ?? 0;
      if ((s > 0 && next < 0) || (s < 0 && next > 0)) next = 0;
      w[j] = next;
    }
  }
  return { bias: b, weights: Array.from(w) };
}
