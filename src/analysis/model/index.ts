/** The statistical threat model: hashed features of a post and each place it names, scorers, training. */
export { readModelFile, serializeModel, modelFileSchema, MODEL_FORMAT, type ModelFile } from './model-file.js';
export { PlaceThreatModel } from './place-threat-model.js';
export type { ThreatScorer, CandidateScore } from './threat-scorer.js';
export {
  trainModel,
  trainingExamples,
  fitModel,
  modelFileOf,
  foldOf,
  MODEL_CATEGORIES,
  HYPERPARAMETERS,
  type TrainOptions,
  type TrainMetrics,
  type TrainingExample,
} from './train-model.js';
export { readTrainingFile, type TrainingRow, type TrainingSource } from './training-data.js';
export { readTrainingSet, sharedDir, withPlaces } from './training-sources.js';
export { calibrationReport, fitPlatt, applyPlatt, type CalibrationReport, type ReliabilityBin, type PlattScaling } from './calibration.js';
export { sigmoid } from './sigmoid.js';
export { scorerOf, shadowOf } from './analyzer-models.js';
export { FEATURE_BITS, FEATURE_DIMS } from './place-features.js';
