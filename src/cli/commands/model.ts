import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  compileAnalyzer,
  DEFAULT_MODEL_FILE,
  readTrainingFile,
  serializeModel,
  trainModel,
  type TrainingRow,
  type TrainingSource,
  type TrainMetrics,
} from '../../analysis/index.js';
import { loadConfig, resolveConfigDir } from '../../config/index.js';

/** The repository root (where models/ and demo/ live), whatever the working directory. */
const ROOT = path.resolve(path.dirname(DEFAULT_MODEL_FILE), '..');
/** Training data the project ships: our own examples and the labelled demo posts. */
const DEFAULT_DATA = ['models/training/threat-examples.jsonl', 'demo/posts.jsonl'].map((f) => path.join(ROOT, f));

/** Registers `placewatch model train [--data FILE...] [--out FILE] [--json]`. */
export function registerModelCommand(program: Command): void {
  const model = program.command('model').description('the statistical threat model over rule signals and text');
  model
    .command('train')
    .description('train, cross-validate and calibrate the threat model; write the versioned model file')
    .option('--data <files...>', 'JSONL training files with {id, text, lang, label|expect}', DEFAULT_DATA)
    .option('--out <file>', 'model file to write', DEFAULT_MODEL_FILE)
    .option('--date <yyyy-mm-dd>', 'training date recorded in the version (default: today, UTC)')
    .option('--json', 'print one JSON document {version, file, metrics}')
    .action((options: { data: string[]; out: string; date?: string; json?: boolean }, command: Command) => {
      const config = loadConfig(resolveConfigDir(command.optsWithGlobals<{ config?: string }>().config));
      const rows: TrainingRow[] = [];
      const sources: TrainingSource[] = [];
      for (const file of options.data) {
        const relative = path.relative(ROOT, path.resolve(file));
        const read = readTrainingFile(file, relative.startsWith('..') ? path.basename(file) : relative);
        rows.push(...read.rows);
        sources.push(read.source);
      }
      // Features come from the rules alone: the model being trained must not feed its own inputs.
      const analyzer = compileAnalyzer(config, { model: null });
      const date = options.date ?? new Date().toISOString().slice(0, 10);
      const { model: file, metrics } = trainModel(rows, analyzer, { date, sources, threshold: config.thresholds.severity.low });
      mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
      writeFileSync(options.out, serializeModel(file));
      if (options.json) process.stdout.write(`${JSON.stringify({ version: file.version, file: options.out, metrics })}\n`);
      else process.stdout.write(formatTraining(file.version, options.out, metrics));
    });
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function formatTraining(version: string, out: string, m: TrainMetrics): string {
  const lines = [
    `model ${version} written to ${out}`,
    `rows ${m.rows} (${m.threats} threats), ${m.rule_decided} decided by the rules alone (no live threat signal), vocabulary ${m.vocabulary} terms`,
    `${m.folds}-fold cross-validation, flagged at score ≥ ${m.threshold}:`,
    `  model  accuracy ${pct(m.cv.accuracy)}  ECE ${m.cv.ece.toFixed(4)}  Brier ${m.cv.brier.toFixed(4)}  log loss ${m.cv.log_loss.toFixed(4)}`,
    `  model, rows it scores (${m.cv_model_scored.n}): accuracy ${pct(m.cv_model_scored.accuracy)}  ECE ${m.cv_model_scored.ece.toFixed(4)}  Brier ${m.cv_model_scored.brier.toFixed(4)}`,
    `  rules  accuracy ${pct(m.rules.accuracy)}  ECE ${m.rules.ece.toFixed(4)}  Brier ${m.rules.brier.toFixed(4)}`,
    'reliability (out of fold)   n   mean score   threat rate',
    ...m.cv.bins.map((b) => `  [${b.from.toFixed(1)}, ${b.to.toFixed(1)})  ${String(b.n).padStart(10)}   ${b.mean_predicted.toFixed(3).padStart(10)}   ${b.observed_rate.toFixed(3).padStart(11)}`),
  ];
  return `${lines.join('\n')}\n`;
}
