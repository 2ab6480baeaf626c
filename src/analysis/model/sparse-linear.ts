import { seededRandom } from '../../seeded-random.js';
import { sigmoid } from './sigmoid.js';

/** A training example over hashed features: bucket indices (repeats count), label, example weight. */
export interface SparseExample {
  readonly idx: Int32Array;
  readonly y: number;
  readonly weight: number;
}

/** Options of the sparse trainers. */
export interface SparseTrainOptions {
  readonly dims: number;
  readonly epochs: number;
  /** L2 penalty per feature update (applied to the weights an example touches). */
  readonly l2: number;
  readonly learningRate: number;
  /** Seed of the example order (deterministic training). */
  readonly seed: number;
}

/**
 * Each feature counts 1/√n for a post of n features, so that long posts do not win by length and short
 * ones are not drowned out.
 */
export function featureScale(n: number): number {
  return n === 0 ? 0 : 1 / Math.sqrt(n);
}

/** w · x + bias for a sparse example (binary features scaled by {@link featureScale}). */
export function sparseScore(weights: ArrayLike<number>, bias: number, idx: ArrayLike<number>, offset = 0): number {
  let z = 0;
  for (let i = 0; i < idx.length; i++) z += weights[offset + idx[i]!]!;
  return bias + z * featureScale(idx.length);
}

function shuffledOrder(n: number, random: () => number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/**
 * Binary logistic regression over hashed features by AdaGrad SGD: deterministic for a seed, O(epochs ×
 * total features). Returns weights (one per bucket) and the bias.
 */
export function trainSparseLogistic(examples: readonly SparseExample[], opts: SparseTrainOptions): { weights: Float32Array; bias: number } {
  const weights = new Float32Array(opts.dims);
  const g2 = new Float32Array(opts.dims);
  let bias = 0;
  let biasG2 = 0;
  const random = seededRandom(opts.seed);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (const e of shuffledOrder(examples.length, random)) {
      const ex = examples[e]!;
      const scale = featureScale(ex.idx.length);
      const p = sigmoid(sparseScore(weights, bias, ex.idx));
      const grad = (p - ex.y) * ex.weight;
      for (let i = 0; i < ex.idx.length; i++) {
        const k = ex.idx[i]!;
        const g = grad * scale + opts.l2 * weights[k]!;
        g2[k] = g2[k]! + g * g;
        weights[k] = weights[k]! - (opts.learningRate * g) / Math.sqrt(g2[k]! + 1e-8);
      }
      biasG2 += grad * grad;
      bias -= (opts.learningRate * grad) / Math.sqrt(biasG2 + 1e-8);
    }
  }
  return { weights, bias };
}

/**
 * Multinomial logistic regression (softmax) over hashed features, for `classes` labels: weights are
 * laid out class by class (class c's bucket k at c × dims + k).
 */
export function trainSparseSoftmax(
  examples: readonly SparseExample[],
  classes: number,
  opts: SparseTrainOptions,
): { weights: Float32Array; biases: Float64Array } {
  const { dims } = opts;
  const weights = new Float32Array(classes * dims);
  const g2 = new Float32Array(classes * dims);
  const biases = new Float64Array(classes);
  const biasG2 = new Float64Array(classes);
  const random = seededRandom(opts.seed);
  const p = new Float64Array(classes);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (const e of shuffledOrder(examples.length, random)) {
      const ex = examples[e]!;
      const scale = featureScale(ex.idx.length);
      softmaxInto(weights, biases, ex.idx, dims, p);
      for (let c = 0; c < classes; c++) {
        const grad = (p[c]! - (ex.y === c ? 1 : 0)) * ex.weight;
        const base = c * dims;
        for (let i = 0; i < ex.idx.length; i++) {
          const k = base + ex.idx[i]!;
          const g = grad * scale + opts.l2 * weights[k]!;
          g2[k] = g2[k]! + g * g;
          weights[k] = weights[k]! - (opts.learningRate * g) / Math.sqrt(g2[k]! + 1e-8);
        }
        biasG2[c] = biasG2[c]! + grad * grad;
        biases[c] = biases[c]! - (opts.learningRate * grad) / Math.sqrt(biasG2[c]! + 1e-8);
      }
    }
  }
  return { weights, biases };
}

/** Class probabilities of a sparse example under a softmax model, written into `out`. */
export function softmaxInto(weights: ArrayLike<number>, biases: ArrayLike<number>, idx: ArrayLike<number>, dims: number, out: Float64Array): Float64Array {
  let max = -Infinity;
  for (let c = 0; c < out.length; c++) {
    out[c] = sparseScore(weights, biases[c]!, idx, c * dims);
    if (out[c]! > max) max = out[c]!;
  }
  let sum = 0;
  for (let c = 0; c < out.length; c++) {
    out[c] = Math.exp(out[c]! - max);
    sum += out[c]!;
  }
  for (let c = 0; c < out.length; c++) out[c] = out[c]! / sum;
  return out;
}
