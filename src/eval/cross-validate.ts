import path from 'node:path';
import {
  compileAnalyzer,
  fitModel,
  foldOf,
  modelFileOf,
  PlaceThreatModel,
  readTrainingSet,
  trainingExamples,
  withPlaces,
  type TrainingExample,
  type TrainingRow,
} from '../analysis/index.js';
import { threatCategorySchema, type PlacewatchConfig } from '../config/index.js';
import { computeMetrics, type EvalItem } from './metrics.js';
import type { EvalRow } from './read-dataset.js';
import { runEval, type EvalOptions, type EvalResult } from './run-eval.js';

/** Options of {@link crossValidate}. */
export interface CrossValidateOptions extends EvalOptions {
  readonly folds: number;
  /** The dataset's own file: left out of the training manifest, whose other sources train every fold. */
  readonly datasetFile: string;
  readonly manifestFile: string;
  readonly root: string;
}

/** What a cross-validated run reports besides the usual metrics. */
export interface CrossValidateResult extends EvalResult {
  readonly folds: number;
  readonly trainingSources: readonly string[];
  readonly missingSources: readonly string[];
}

/**
 * K-fold cross-validation of the model on a labelled dataset: each fold is scored by a model trained
 * on every other training source plus the dataset's other folds, never on a row of its own, so the
 * figure is what the model does on posts it has not seen. Folds are a hash of each row's id.
 */
export function crossValidate(rows: readonly EvalRow[], config: PlacewatchConfig, opts: CrossValidateOptions): CrossValidateResult {
  const datasetFile = path.resolve(opts.datasetFile);
  const set = readTrainingSet(opts.manifestFile, opts.root, (file) => path.resolve(file) === datasetFile);
  const trainingConfig = withPlaces(config, set.places);
  // The dataset's own rows count as much in training folds as the manifest says they count in training.
  const weight = set.skipped[0]?.weight ?? 1;
  const trainingAnalyzer = compileAnalyzer(trainingConfig, { model: null, shadow: null });
  const datasetRows: TrainingRow[] = rows.map((r) => ({
    id: `eval:${r.id}`,
    text: r.text,
    lang: r.lang ?? null,
    threat: r.label === 'threat',
    targetPlace: typeof r.target_place === 'string' ? r.target_place : null,
    category: r.label === 'threat' ? (threatCategorySchema.safeParse(r.category).data ?? null) : null,
    weight,
  }));
  const allRows = [...set.rows, ...datasetRows];
  const examples = trainingExamples(allRows, trainingAnalyzer);
  const evalFold = (row: number): number => (row >= set.rows.length ? foldOf(rows[row - set.rows.length]!.id, opts.folds) : -1);
  const innerFold = (row: number): number => foldOf(allRows[row]!.id, 5);
  const items = new Map<string, EvalItem>();
  for (let k = 0; k < opts.folds; k++) {
    const train: TrainingExample[] = examples.filter((e) => evalFold(e.row) !== k);
    const fit = fitModel(train, innerFold, 5);
    const model = new PlaceThreatModel(modelFileOf(fit, '2000-01-01', {}), `fold ${k + 1}`);
    const analyzer = compileAnalyzer(config, { model, shadow: null });
    const held = rows.filter((r) => foldOf(r.id, opts.folds) === k);
    for (const item of runEval(held, analyzer, config.thresholds, opts).items) items.set(item.id, item);
  }
  const ordered = rows.map((r) => items.get(String(r.id))!);
  return {
    metrics: computeMetrics(rows, ordered),
    items: ordered,
    folds: opts.folds,
    trainingSources: set.sources.map((s) => s.file),
    missingSources: set.missing,
  };
}
