import type { Command } from 'commander';
import { PlacewatchError } from '../../errors.js';
import { crossValidate, formatReport, readDataset, runEval } from '../../eval/index.js';
import { setUpAnalyzer } from './analyzer-setup.js';
import { DEFAULT_MANIFEST, REPO_ROOT } from './model.js';

/** Registers `placewatch eval DATASET.jsonl [--places FILE] [--any-target] [--folds K] [--json]`. */
export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('measure the analyzer on a labelled JSONL dataset (precision, recall, flag rates, misses)')
    .argument('<dataset>', 'JSONL file with {id, text, lang, label: "threat"|"not_threat", ...} rows')
    .option('--places <file>', 'use this places YAML instead of the config one')
    .option('--any-target', 'count a threat whatever its target (datasets that name no place)')
    .option('--folds <k>', 'cross-validate: score each of k folds with a model trained without it (see models/training/sources.yaml)')
    .option('--sources <file>', 'training manifest for --folds', DEFAULT_MANIFEST)
    .option('--json', 'print one JSON document {metrics, items}')
    .action((dataset: string, options: { places?: string; anyTarget?: boolean; folds?: string; sources: string; json?: boolean }, command: Command) => {
      const rows = readDataset(dataset);
      const { config, analyzer } = setUpAnalyzer(command, options.places);
      const anyTarget = options.anyTarget ?? false;
      if (options.folds !== undefined) {
        const folds = Number(options.folds);
        if (!Number.isInteger(folds) || folds < 2 || folds > 20)
          throw new PlacewatchError('INPUT_INVALID', `--folds: expected an integer from 2 to 20, got "${options.folds}"`);
        const result = crossValidate(rows, config, { folds, anyTarget, datasetFile: dataset, manifestFile: options.sources, root: REPO_ROOT });
        for (const missing of result.missingSources) process.stderr.write(`eval: training source ${missing} not found; folds trained without it\n`);
        if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
        else
          process.stdout.write(
            `${folds}-fold cross-validation: each fold scored by a model trained on the other folds and ${result.trainingSources.join(', ')}\n${formatReport(result.metrics, dataset)}`,
          );
        return;
      }
      const result = runEval(rows, analyzer, config.thresholds, { anyTarget });
      if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else process.stdout.write(formatReport(result.metrics, dataset));
    });
}
