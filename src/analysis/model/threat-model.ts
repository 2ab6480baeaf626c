import { linearScore, sigmoid } from './logistic-regression.js';
import type { ModelFile } from './model-file.js';
import { MODEL_FEATURES } from './model-features.js';

/**
 * A loaded model, ready for inference: O(features) per candidate, with a scratch feature vector and
 * a stem cache reused across posts (the analyzer runs on one thread per process).
 */
export interface ThreatModel {
  readonly version: string;
  readonly bias: number;
  readonly weights: Float64Array;
  readonly a: number;
  readonly b: number;
  readonly logOdds: ReadonlyMap<string, number>;
  readonly stemCache: Map<string, string>;
  readonly scratch: Float64Array;
  /** Share of the model in the score: score = weight · P(threat) + (1 − weight) · rule score. */
  readonly blend: number;
}

/** Builds the runtime model from a checked model file. */
export function toThreatModel(file: ModelFile, blend = 1): ThreatModel {
  return {
    version: file.version,
    bias: file.bias,
    weights: Float64Array.from(file.weights),
    a: file.calibration.a,
    b: file.calibration.b,
    logOdds: new Map(Object.entries(file.text.log_odds)),
    stemCache: new Map(),
    scratch: new Float64Array(MODEL_FEATURES.length),
    blend,
  };
}

/** The model's raw evidence (log-odds before calibration) for a feature vector. */
export function modelEvidence(model: ThreatModel, x: ArrayLike<number>): number {
  return linearScore(model, x);
}

/** Calibrated P(threat) for a feature vector: Platt scaling of the evidence, monotone in it. */
export function threatProbability(model: ThreatModel, x: ArrayLike<number>): number {
  return sigmoid(model.a * modelEvidence(model, x) + model.b);
}
