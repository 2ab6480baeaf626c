import { threatCategorySchema, type ThreatCategory } from '../../config/index.js';
import { readPost } from '../analyze-post.js';
import type { CompiledAnalyzer } from '../compiled-types.js';
import { applyPlatt, calibrationReport, fitPlatt, type CalibrationReport } from './calibration.js';
import { MODEL_FORMAT, packWeights, versionModel, type ModelFile } from './model-file.js';
import { linkSignals, placeCandidates, placelessFeatures } from './place-candidates.js';
import { CATEGORY_DIMS, CATEGORY_MASK, FEATURE_BITS, FEATURE_DIMS } from './place-features.js';
import { sparseScore, trainSparseLogistic, trainSparseSoftmax, type SparseExample, type SparseTrainOptions } from './sparse-linear.js';
import type { TrainingRow, TrainingSource } from './training-data.js';

/** Options of {@link trainModel}. */
export interface TrainOptions {
  /** Training date, YYYY-MM-DD (part of the version; fixed in tests for byte-identical files). */
  readonly date: string;
  readonly sources: readonly TrainingSource[];
  /** Probability at which a candidate counts as flagged, for accuracy (the config's `severity.low`). */
  readonly threshold: number;
  readonly folds?: number;
}

/** What training reports besides the model. */
export interface TrainMetrics {
  readonly rows: number;
  readonly threats: number;
  /** Training examples: one per place a row names (rows naming none give one place-less example). */
  readonly examples: number;
  readonly folds: number;
  readonly threshold: number;
  /** Out-of-fold results on the examples (model and calibration cross-fitted). */
  readonly cv: { readonly accuracy: number; readonly log_loss: number } & CalibrationReport;
}

/** The categories the category model predicts, in the order of its classes. */
export const MODEL_CATEGORIES: readonly ThreatCategory[] = threatCategorySchema.options;

/** Hyper-parameters, fixed so that training is reproducible; recorded in the model file. */
export const HYPERPARAMETERS = { epochs: 8, l2: 1e-5, learning_rate: 0.2, seed: 1 } as const;

/** One training example: the features of a (post, candidate place) pair, its label and source row. */
export interface TrainingExample extends SparseExample {
  readonly row: number;
  /** Whether the candidate is a monitored place (what eval counts as an alert). */
  readonly alertable: boolean;
  /** The row's threat category when this candidate is the threatened place. */
  readonly category: ThreatCategory | null;
}

const folded = (name: string): string => name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/**
 * The training examples of labelled rows: one per place each row names, positive when the row is a
 * threat aimed at that place (`target_place` names it by id or name; rows without one count for every
 * place they name), else negative; a row that names no place gives one place-less example with its label.
 */
export function trainingExamples(rows: readonly TrainingRow[], analyzer: CompiledAnalyzer): TrainingExample[] {
  const out: TrainingExample[] = [];
  rows.forEach((row, index) => {
    const read = readPost({ text: row.text, lang: row.lang }, analyzer);
    const reading = { text: read.norm.text, stream: read.stream, mentions: read.mentions, signals: read.signals, cues: read.cues };
    const candidates = placeCandidates(reading, linkSignals(reading, analyzer));
    const y = row.threat ? 1 : 0;
    if (candidates.length === 0) {
      out.push({ idx: placelessFeatures(reading).slice(), y, weight: row.weight, row: index, alertable: false, category: row.threat ? row.category : null });
      return;
    }
    const target = row.targetPlace === null ? null : folded(row.targetPlace);
    for (const c of candidates) {
      const aimed = target === null || [c.rollupId, c.place.rollupName, c.place.id, c.place.name].some((n) => folded(n) === target);
      const threat = y === 1 && aimed;
      out.push({
        idx: c.features.slice(),
        y: threat ? 1 : 0,
        weight: row.weight,
        row: index,
        alertable: c.place.alertable,
        category: threat ? row.category : null,
      });
    }
  });
  return out;
}

/** The fitted parts of a model, before packing. */
export interface FittedModel {
  readonly threat: { readonly weights: Float32Array; readonly bias: number };
  readonly platt: { readonly a: number; readonly b: number };
  readonly category: { readonly weights: Float32Array; readonly biases: Float64Array };
}

const threatOptions = (): SparseTrainOptions => ({
  dims: FEATURE_DIMS,
  epochs: HYPERPARAMETERS.epochs,
  l2: HYPERPARAMETERS.l2,
  learningRate: HYPERPARAMETERS.learning_rate,
  seed: HYPERPARAMETERS.seed,
});

/** Fits the threat and category models on examples; Platt scaling on out-of-fold scores of `folds` inner folds. */
export function fitModel(examples: readonly TrainingExample[], rowFold: (row: number) => number, folds: number): FittedModel & { oof: Float64Array } {
  const threat = trainSparseLogistic(examples, threatOptions());
  const oof = new Float64Array(examples.length);
  for (let k = 0; k < folds; k++) {
    const m = trainSparseLogistic(
      examples.filter((e) => rowFold(e.row) !== k),
      threatOptions(),
    );
    examples.forEach((e, i) => {
      if (rowFold(e.row) === k) oof[i] = sparseScore(m.weights, m.bias, e.idx);
    });
  }
  const platt = fitPlatt(
    Array.from(oof),
    examples.map((e) => e.y),
  );
  const categorized = examples
    .filter((e) => e.category !== null && MODEL_CATEGORIES.includes(e.category))
    .map((e) => ({ idx: e.idx.map((i) => i & CATEGORY_MASK), y: MODEL_CATEGORIES.indexOf(e.category!), weight: e.weight }));
  const category = trainSparseSoftmax(categorized, MODEL_CATEGORIES.length, { ...threatOptions(), dims: CATEGORY_DIMS });
  return { threat, platt, category, oof };
}

/** A fitted model as a versioned model file. */
export function modelFileOf(fit: FittedModel, date: string, training: Record<string, unknown>): ModelFile {
  return versionModel({
    format: MODEL_FORMAT,
    trained_at: date,
    feature_bits: FEATURE_BITS,
    threat: {
      bias: round(fit.threat.bias),
      weights: packWeights(fit.threat.weights),
      calibration: { method: 'platt', a: round(fit.platt.a), b: round(fit.platt.b) },
    },
    category: { classes: [...MODEL_CATEGORIES], biases: Array.from(fit.category.biases, round), weights: packWeights(fit.category.weights) },
    training,
  });
}

/**
 * Trains the threat model: hashed text, grammar and candidate features of every (post, place) pair, an
 * L2 logistic regression by AdaGrad, Platt scaling fitted on out-of-fold scores so that the score reads
 * as P(threat), and a softmax over categories. Deterministic: folds come from a hash of each row's id.
 *
 * @example const { model } = trainModel(rows, compileAnalyzer(config, { model: null }), { date: '2026-11-30', sources, threshold: 0.2 });
 */
export function trainModel(rows: readonly TrainingRow[], analyzer: CompiledAnalyzer, opts: TrainOptions): { model: ModelFile; metrics: TrainMetrics } {
  const folds = opts.folds ?? 5;
  const examples = trainingExamples(rows, analyzer);
  const rowFold = (row: number): number => foldOf(rows[row]!.id, folds);
  const fit = fitModel(examples, rowFold, folds);
  // Out-of-fold probabilities: Platt fitted on the other folds' scores, applied to this fold's.
  const probs = new Array<number>(examples.length).fill(0);
  for (let k = 0; k < folds; k++) {
    const others = examples.map((_, i) => i).filter((i) => rowFold(examples[i]!.row) !== k);
    const platt = fitPlatt(
      others.map((i) => fit.oof[i]!),
      others.map((i) => examples[i]!.y),
    );
    examples.forEach((e, i) => {
      if (rowFold(e.row) === k) probs[i] = applyPlatt(platt, fit.oof[i]!);
    });
  }
  const ys = examples.map((e) => e.y);
  const metrics: TrainMetrics = {
    rows: rows.length,
    threats: rows.filter((r) => r.threat).length,
    examples: examples.length,
    folds,
    threshold: opts.threshold,
    cv: { accuracy: accuracy(probs, ys, opts.threshold), log_loss: logLoss(probs, ys), ...calibrationReport(probs, ys) },
  };
  const model = modelFileOf(fit, opts.date, {
    sources: opts.sources,
    rows: metrics.rows,
    threats: metrics.threats,
    examples: metrics.examples,
    config_version: analyzer.configVersion,
    hyperparameters: { ...HYPERPARAMETERS, folds, feature_bits: FEATURE_BITS },
    cv: { accuracy: metrics.cv.accuracy, ece: metrics.cv.ece, brier: metrics.cv.brier, log_loss: metrics.cv.log_loss },
  });
  return { model, metrics };
}

function accuracy(ps: readonly number[], ys: readonly number[], threshold: number): number {
  let right = 0;
  ps.forEach((p, i) => {
    if ((p >= threshold ? 1 : 0) === ys[i]) right++;
  });
  return round(ps.length === 0 ? 0 : right / ps.length);
}

function logLoss(ps: readonly number[], ys: readonly number[]): number {
  let sum = 0;
  ps.forEach((p, i) => {
    const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
    sum -= ys[i] === 1 ? Math.log(q) : Math.log(1 - q);
  });
  return round(ps.length === 0 ? 0 : sum / ps.length);
}

/** The fold of a row: 32-bit FNV-1a of its id, so that folds do not depend on row order. */
export function foldOf(id: string, folds: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % folds;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
