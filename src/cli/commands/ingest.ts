import path from 'node:path';
import type { Command } from 'commander';
import { ingestFile, waitForAnalyzeJobs } from '../../pipeline/index.js';
import type { Runtime } from '../../runtime/index.js';
import { startAnalyzer } from '../../../workers/analyzer.js';
import { withRuntime } from '../context.js';

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('import posts from a JSONL or CSV file ({"id","author","text","published_at","url","lang"?})')
    .argument('<file>', 'the file to import (.jsonl, .ndjson or .csv)')
    .option('--feed <name>', 'feed name recorded on the posts (default: "import-<file name>")')
    .option('--wait', 'return only when every post is analysed and its alerts are committed')
    .action(async (file: string, options: { feed?: string; wait?: boolean }, command: Command) => {
      const feed = options.feed ?? `import-${path.basename(file).replace(/\.[^.]+$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
      await withRuntime(command, async (runtime) => {
        if (options.wait) await ensureAnalyzer(runtime);
        const report = await ingestFile(runtime, path.resolve(file), { feed });
        for (const item of report.skipped) process.stderr.write(`${file}:${item.position}: skipped: ${item.reason}\n`);
        process.stdout.write(`queued ${report.posts} posts from ${file} as feed "${feed}" (${report.skipped.length} lines skipped)\n`);
        if (!options.wait) return;
        const failed = await waitForAnalyzeJobs(runtime, report.jobIds);
        if (failed.length > 0) {
          process.stderr.write(`${failed.length} batches failed; see the analyze queue's failed jobs\n`);
          process.exitCode = 1;
        } else process.stdout.write('all posts analysed and committed\n');
      });
    });
}

/** `--wait` needs someone to analyse: with no analyzer on the queue, this process becomes one. */
export async function ensureAnalyzer(runtime: Runtime): Promise<void> {
  const workers = await runtime.queues.analyze.getWorkersCount();
  if (workers === 0) startAnalyzer(runtime);
}
