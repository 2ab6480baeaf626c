import path from 'node:path';
import type { Command } from 'commander';
import { ingestFile } from '../../pipeline/index.js';
import { withRuntime } from '../context.js';
import { withOwnAnalyzer } from '../own-analyzer.js';
import { explainFailedBatches } from '../analysis-messages.js';
import { DEFAULT_WAIT_TIMEOUT_SECONDS, parseTimeoutSeconds, waitForAnalysis } from '../wait-for-analysis.js';

interface IngestOptions {
  readonly feed?: string;
  readonly wait?: boolean;
  readonly analyzer: boolean;
  readonly timeout: number;
}

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('import posts from a JSONL or CSV file ({"id","author","text","published_at","url","lang"?})')
    .argument('<file>', 'the file to import (.jsonl, .ndjson or .csv)')
    .option('--feed <name>', 'feed name recorded on the posts (default: "import-<file name>")')
    .option('--wait', 'return only when every post is analysed and its alerts are committed')
    .option('--no-analyzer', 'with --wait: do not analyse in this process, rely on analyzers already running')
    .option(
      '--timeout <seconds>',
      'with --wait: give up (exit 1) when no batch on the queue finished for this long',
      parseTimeoutSeconds,
      DEFAULT_WAIT_TIMEOUT_SECONDS,
    )
    .action(async (file: string, options: IngestOptions, command: Command) => {
      const feed =
        options.feed ??
        `import-${path
          .basename(file)
          .replace(/\.[^.]+$/, '')
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')}`;
      await withRuntime(command, (runtime) =>
        // Waiting needs someone to analyse for as long as we wait: this process, unless told otherwise.
        withOwnAnalyzer(runtime, options.wait === true && options.analyzer, async (ranOwnAnalyzer) => {
          const startedAt = Date.now();
          const report = await ingestFile(runtime, path.resolve(file), { feed });
          for (const item of report.skipped) process.stderr.write(`${file}:${item.position}: skipped: ${item.reason}\n`);
          process.stdout.write(`queued ${report.posts} posts from ${file} as feed "${feed}" (${report.skipped.length} lines skipped)\n`);
          if (!options.wait) return;
          const failed = await waitForAnalysis(runtime, report.batches, { timeoutSeconds: options.timeout, ranOwnAnalyzer, startedAt });
          if (failed.length > 0) {
            process.stderr.write(`${explainFailedBatches(failed)}\n`);
            process.exitCode = 1;
          } else process.stdout.write('all posts analysed and committed\n');
        }),
      );
    });
}
