import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  compileAnalyzer,
  DEFAULT_MODEL_FILE,
  readTrainingSet,
  serializeModel,
  sharedDir,
  trainModel,
  withPlaces,
  type TrainMetrics,
} from '../../analysis/index.js';
import { loadConfig, resolveConfigDir } from '../../config/index.js';

/** The repository root (where models/ and demo/ live), whatever the working directory. */
export const REPO_ROOT = path.resolve(path.dirname(DEFAULT_MODEL_FILE), '..');
/** The training manifest: which labelled files the model learns from. */
export const DEFAULT_MANIFEST = path.join(REPO_ROOT, 'models/training/sources.yaml');

/** Registers `placewatch model train [--sources FILE] [--out FILE] [--json]`. */
export function registerModelCommand(program: Command): void {
  const model = program.command('model').description('the statistical threat model over text, rule signals and place candidates');
  model
    .command('train')
    .description('train, cross-validate and calibrate the threat model; write the versioned model file')
    .option('--sources <file>', 'training manifest (YAML) naming the labelled files', DEFAULT_MANIFEST)
    .option('--out <file>', 'model file to write', DEFAULT_MODEL_FILE)
    .option('--date <yyyy-mm-dd>', 'training date recorded in the version (default: today, UTC)')
    .option('--json', 'print one JSON document {version, file, metrics}')
    .action((options: { sources: string; out: string; date?: string; json?: boolean }, command: Command) => {
      const config = loadConfig(resolveConfigDir(command.optsWithGlobals<{ config?: string }>().config));
      const set = readTrainingSet(options.sources, REPO_ROOT);
      for (const missing of set.missing) {
        process.stderr.write(`model train: ${missing} not found under ${sharedDir(REPO_ROOT)}; training without it\n`);
      }
      // Features come from the rules alone, with the training files' own places in the gazetteer.
      const analyzer = compileAnalyzer(withPlaces(config, set.places), { model: null, shadow: null });
      const date = options.date ?? new Date().toISOString().slice(0, 10);
      const { model: file, metrics } = trainModel(set.rows, analyzer, { date, sources: set.sources, threshold: config.thresholds.severity.low });
      mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
      writeFileSync(options.out, serializeModel(file));
      if (options.json) process.stdout.write(`${JSON.stringify({ version: file.version, file: options.out, missing: set.missing, metrics })}\n`);
      else
        process.stdout.write(
          formatTraining(
            file.version,
            options.out,
            metrics,
            set.sources.map((s) => `${s.file} (${s.rows})`),
          ),
        );
    });
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function formatTraining(version: string, out: string, m: TrainMetrics, sources: readonly string[]): string {
  const lines = [
    `model ${version} written to ${out}`,
    `sources: ${sources.join(', ')}`,
    `rows ${m.rows} (${m.threats} threats), ${m.examples} (post, place) examples`,
    `${m.folds}-fold cross-validation over examples, flagged at P ≥ ${m.threshold}:`,
    `  accuracy ${pct(m.cv.accuracy)}  ECE ${m.cv.ece.toFixed(4)}  Brier ${m.cv.brier.toFixed(4)}  log loss ${m.cv.log_loss.toFixed(4)}`,
    'reliability (out of fold)   n   mean score   threat rate',
    ...m.cv.bins.map(
      (b) =>
        `  [${b.from.toFixed(1)}, ${b.to.toFixed(1)})  ${String(b.n).padStart(10)}   ${b.mean_predicted.toFixed(3).padStart(10)}   ${b.observed_rate.toFixed(3).padStart(11)}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
