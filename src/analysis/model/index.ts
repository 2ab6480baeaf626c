/** The statistical threat model over the rule signals and the text. */
export { MODEL_FEATURES, FEATURE_SIGNS } from './model-features.js';
export { readModelFile, serializeModel, modelFileSchema, MODEL_FORMAT, type ModelFile } from './model-file.js';
export { toThreatModel, threatProbability, modelEvidence, type ThreatModel } from './threat-model.js';
export { trainModel, type TrainOptions, type TrainMetrics } from './train-model.js';
export { readTrainingFile, type TrainingRow, type TrainingSource } from './training-data.js';
export { calibrationReport, fitPlatt, applyPlatt, type CalibrationReport, type ReliabilityBin, type PlattScaling } from './calibration.js';
export { trainLogistic, sigmoid, type LinearModel } from './logistic-regression.js';
export { modelOf } from './analyzer-models.js';
