/** Evaluation of the analyzer on labelled JSONL datasets: the public face of src/eval. */
export { readDataset, evalRowSchema, type EvalRow } from './read-dataset.js';
export { runEval, type EvalOptions, type EvalResult } from './run-eval.js';
export { computeMetrics, type EvalItem, type EvalMetrics, type Prf, type Rate, type Miss } from './metrics.js';
export { formatReport } from './format-report.js';
export { shouldAlert, isUnmonitoredThreat, UNMONITORED_CATEGORY } from './alert-rule.js';
export {
  severityRecall,
  hardNegativeRates,
  isHardNegative,
  labelledSeverity,
  criticalFigures,
  unmonitoredFlagged,
  byCategory,
  byPhenomenon,
  type SeverityRecall,
  type CriticalFigures,
  type ThreatSplit,
} from './scenario-metrics.js';
export { crossValidate, type CrossValidateOptions, type CrossValidateResult } from './cross-validate.js';
