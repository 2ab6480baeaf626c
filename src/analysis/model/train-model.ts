import { trainingEvidence, type TrainingEvidence } from '../analyze-post.js';
import type { CompiledAnalyzer } from '../compiled-types.js';
import { applyPlatt, calibrationReport, fitPlatt, type CalibrationReport } from './calibration.js';
import { linearScore, trainLogistic, type LinearModel } from './logistic-regression.js';
import { MODEL_FORMAT, versionModel, type ModelFile } from './model-file.js';
import { FEATURE_SIGNS, MODEL_FEATURES } from './model-features.js';
import { TEXT_EVIDENCE_CLIP, termsEvidence } from './text-evidence.js';
import type { TrainingRow, TrainingSource } from './training-data.js';

/** Options of {@link trainModel}. */
export interface TrainOptions {
  /** Training date, YYYY-MM-DD (part of the version; fixed in tests for byte-identical files). */
  readonly date: string;
  readonly sources: readonly TrainingSource[];
  /** Score at which a post counts as flagged, for accuracy (the config's `severity.low`). */
  readonly threshold: number;
  readonly folds?: number;
}

/** What training reports besides the model. */
export interface TrainMetrics {
  readonly rows: number;
  readonly threats: number;
  /** Rows the rules decide alone (no threat signal, or the strongest one vetoed): score 0. */
  readonly rule_decided: number;
  readonly folds: number;
  readonly threshold: number;
  /** Out-of-fold results of the model (text model, regression and calibration all cross-fitted). */
  readonly cv: { readonly accuracy: number; readonly log_loss: number } & CalibrationReport;
  /** Out-of-fold results on the rows the model scores (a live threat signal): its own calibration. */
  readonly cv_model_scored: { readonly accuracy: number } & CalibrationReport;
  /** The same rows scored by the rules alone. */
  readonly rules: { readonly accuracy: number } & CalibrationReport;
  readonly vocabulary: number;
}

/** Hyper-parameters, fixed so that training is reproducible; recorded in the model file. */
const L2 = 0.01;
const ITERATIONS = 3000;
const LEARNING_RATE = 0.5;
/** A term must occur in this many training texts to carry text evidence. */
const MIN_DOCUMENTS = 5;
/** Terms whose log-odds are closer to 0 than this are left out of the file (they say nothing). */
const MIN_LOG_ODDS = 0.15;

/**
 * Trains the threat model: features of each row from the rules-only analyzer, a naive-Bayes text
 * model over stemmed terms, an L2 logistic regression over both (sign-constrained so it stays
 * monotone in the rules' evidence) and Platt scaling fitted on out-of-fold scores, so the score reads
 * as P(threat). Deterministic: folds come from a hash of each row's id, gradient descent is full-batch.
 *
 * @example const { model } = trainModel(rows, compileAnalyzer(config, { model: null }), { date: '2026-11-25', sources, threshold: 0.4 });
 */
export function trainModel(rows: readonly TrainingRow[], analyzer: CompiledAnalyzer, opts: TrainOptions): { model: ModelFile; metrics: TrainMetrics } {
  const folds = opts.folds ?? 5;
  const stemCache = new Map<string, string>();
  const evidence = rows.map((r) => trainingEvidence({ text: r.text, lang: r.lang }, analyzer, stemCache));
  const ys = rows.map((r) => (r.threat ? 1 : 0));
  const fold = rows.map((r) => fnv1a(r.id) % folds);
  const textAt = MODEL_FEATURES.indexOf('text_evidence');

  // Text evidence out of fold: the regression must not learn from texts the text model has memorised.
  const xs = evidence.map((e) => [...e.features]);
  for (let k = 0; k < folds; k++) {
    const odds = naiveBayes(evidence, ys, (i) => fold[i] !== k);
    rows.forEach((_, i) => {
      if (fold[i] === k) xs[i]![textAt] = termsEvidence(evidence[i]!.terms, odds);
    });
  }
  const fit = (i: number): boolean => !evidence[i]!.ruleDecided;
  const train = (keep: (i: number) => boolean): LinearModel => {
    const idx = rows.map((_, i) => i).filter((i) => fit(i) && keep(i));
    return trainLogistic(idx.map((i) => xs[i]!), idx.map((i) => ys[i]!), { l2: L2, iterations: ITERATIONS, learningRate: LEARNING_RATE, signs: FEATURE_SIGNS });
  };

  const oofScore = new Array<number>(rows.length).fill(0);
  for (let k = 0; k < folds; k++) {
    const lr = train((i) => fold[i] !== k);
    rows.forEach((_, i) => {
      if (fold[i] === k) oofScore[i] = linearScore(lr, xs[i]!);
    });
  }
  const fitIdx = rows.map((_, i) => i).filter(fit);
  const oofProb = rows.map(() => 0);
  for (let k = 0; k < folds; k++) {
    const others = fitIdx.filter((i) => fold[i] !== k);
    const platt = fitPlatt(others.map((i) => oofScore[i]!), others.map((i) => ys[i]!));
    for (const i of fitIdx) if (fold[i] === k) oofProb[i] = applyPlatt(platt, oofScore[i]!);
  }

  const finalLr = train(() => true);
  const platt = fitPlatt(fitIdx.map((i) => oofScore[i]!), fitIdx.map((i) => ys[i]!));
  const odds = naiveBayes(evidence, ys, () => true);
  const logOdds: Record<string, number> = {};
  for (const [term, value] of [...odds.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) logOdds[term] = value;

  const rulesProb = evidence.map((e) => e.ruleScore);
  const metrics: TrainMetrics = {
    rows: rows.length,
    threats: ys.filter((y) => y === 1).length,
    rule_decided: rows.length - fitIdx.length,
    folds,
    threshold: opts.threshold,
    cv: { accuracy: accuracy(oofProb, ys, opts.threshold), log_loss: logLoss(oofProb, ys), ...calibrationReport(oofProb, ys) },
    cv_model_scored: {
      accuracy: accuracy(fitIdx.map((i) => oofProb[i]!), fitIdx.map((i) => ys[i]!), opts.threshold),
      ...calibrationReport(fitIdx.map((i) => oofProb[i]!), fitIdx.map((i) => ys[i]!)),
    },
    rules: { accuracy: accuracy(rulesProb, ys, opts.threshold), ...calibrationReport(rulesProb, ys) },
    vocabulary: odds.size,
  };
  const model = versionModel({
    format: MODEL_FORMAT,
    trained_at: opts.date,
    features: [...MODEL_FEATURES],
    bias: round(finalLr.bias),
    weights: finalLr.weights.map(round),
    calibration: { method: 'platt', a: round(platt.a), b: round(platt.b) },
    text: { stemmer: 'porter', clip: TEXT_EVIDENCE_CLIP, log_odds: logOdds },
    training: {
      sources: opts.sources,
      rows: metrics.rows,
      threats: metrics.threats,
      config_version: analyzer.configVersion,
      hyperparameters: { l2: L2, iterations: ITERATIONS, learning_rate: LEARNING_RATE, folds, min_documents: MIN_DOCUMENTS },
      cv: { accuracy: metrics.cv.accuracy, ece: metrics.cv.ece, brier: metrics.cv.brier, log_loss: metrics.cv.log_loss },
      cv_model_scored: { rows: metrics.cv_model_scored.n, accuracy: metrics.cv_model_scored.accuracy, ece: metrics.cv_model_scored.ece, brier: metrics.cv_model_scored.brier },
      rules: { accuracy: metrics.rules.accuracy, ece: metrics.rules.ece, brier: metrics.rules.brier },
    },
  });
  return { model, metrics };
}

/** Bernoulli naive-Bayes log-odds of each term (document frequency, add-one smoothing). */
function naiveBayes(evidence: readonly TrainingEvidence[], ys: readonly number[], use: (i: number) => boolean): Map<string, number> {
  const inThreat = new Map<string, number>();
  const inOther = new Map<string, number>();
  let threats = 0;
  let others = 0;
  evidence.forEach((e, i) => {
    if (!use(i)) return;
    const counts = ys[i] === 1 ? inThreat : inOther;
    if (ys[i] === 1) threats++;
    else others++;
    for (const t of new Set(e.terms)) counts.set(t, (counts.get(t) ?? 0) + 1);
  });
  const out = new Map<string, number>();
  for (const term of new Set([...inThreat.keys(), ...inOther.keys()])) {
    const a = inThreat.get(term) ?? 0;
    const b = inOther.get(term) ?? 0;
    if (a + b < MIN_DOCUMENTS) continue;
    const value = Math.log((a + 1) / (threats + 2)) - Math.log((b + 1) / (others + 2));
    if (Math.abs(value) >= MIN_LOG_ODDS) out.set(term, round(value));
  }
  return out;
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

/** 32-bit FNV-1a of a string: a stable fold assignment that does not depend on row order. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
