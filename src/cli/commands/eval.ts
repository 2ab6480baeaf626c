import type { Command } from 'commander';
import { formatReport, readDataset, runEval } from '../../eval/index.js';
import { setUpAnalyzer } from './analyzer-setup.js';

/** Registers `placewatch eval DATASET.jsonl [--places FILE] [--any-target] [--json]`. */
export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('measure the analyzer on a labelled JSONL dataset (precision, recall, flag rates, misses)')
    .argument('<dataset>', 'JSONL file with {id, text, lang, label: "threat"|"not_threat", ...} rows')
    .option('--places <file>', 'use this places YAML instead of the config one')
    .option('--any-target', 'count a threat whatever its target (datasets that name no place)')
    .option('--json', 'print one JSON document {metrics, items}')
    .action((dataset: string, options: { places?: string; anyTarget?: boolean; json?: boolean }, command: Command) => {
      const rows = readDataset(dataset);
      const { config, analyzer } = setUpAnalyzer(command, options.places);
      const result = runEval(rows, analyzer, config.thresholds, { anyTarget: options.anyTarget ?? false });
      if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else process.stdout.write(formatReport(result.metrics, dataset));
    });
}
