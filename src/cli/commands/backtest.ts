import path from 'node:path';
import type { Command } from 'commander';
import { durationSchema, durationToMs, loadConfig } from '../../config/index.js';
import { activeSide, backtest, compileDraft, formatBacktest, loadVersionConfig } from '../../config-versions/index.js';
import { PlacewatchError } from '../../errors.js';
import { configDirOf, printJson, withDatabase } from '../context.js';
import { versionArg } from './config.js';

export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description('rescore stored posts with a draft (--config DIR or --version N) and show the alerts it would add and remove against the active version')
    .option('--version <n>', 'a stored config version as the draft')
    .option('--since <duration>', 'posts published within this window', '7d')
    .option('--limit <n>', 'at most this many posts (newest first)', '20000')
    .option('--examples <n>', 'example posts per alert', '3')
    .option('--json', 'print a JSON document')
    .action(async (options: { version?: string; since: string; limit: string; examples: string; json?: boolean }, command: Command) => {
      // --config is the global option: without --version, it names the draft directory.
      const dirGiven = command.optsWithGlobals<{ config?: string }>().config !== undefined;
      if (!dirGiven && options.version === undefined) {
        throw new PlacewatchError('INPUT_INVALID', 'name the draft: --config DIR (YAML) or --version N (a stored version)');
      }
      if (!durationSchema.safeParse(options.since).success)
        throw new PlacewatchError('INPUT_INVALID', `--since: expected a duration like "7d", got "${options.since}"`);
      const since = new Date(Date.now() - durationToMs(options.since));
      const configDir = configDirOf(command);
      await withDatabase(command, async ({ db }) => {
        const draftConfig =
          options.version !== undefined
            ? await loadVersionConfig(db, versionArg(options.version), configDir)
            : { ...loadConfig(path.resolve(configDir)), version: `draft:${path.basename(configDir)}` };
        const report = await backtest(
          db,
          { draft: compileDraft(draftConfig), baseline: await activeSide(db, configDir) },
          {
            since,
            limit: Number(options.limit),
            examples: Number(options.examples),
          },
        );
        if (options.json) printJson(report);
        else process.stdout.write(formatBacktest(report));
      });
    });
}
