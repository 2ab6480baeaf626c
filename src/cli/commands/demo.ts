import type { Command } from 'commander';
import { toAlertSummary } from '../../alerts/index.js';
import { DEMO_FEED, DEMO_POSTS_FILE, alertsWithEvidenceFrom, postCountsOf } from '../../demo/index.js';
import { ingestFile } from '../../pipeline/index.js';
import type { Runtime } from '../../runtime/index.js';
import { withRuntime } from '../context.js';
import { withOwnAnalyzer } from '../own-analyzer.js';
import { scratchDataDir } from '../scratch-data-dir.js';
import { DEFAULT_WAIT_TIMEOUT_SECONDS, waitForAnalysis } from '../wait-for-analysis.js';
import { formatAlertTable } from './alerts.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the shipped sample posts through the real pipeline and print the alerts raised')
    .action(async (_options, command: Command) => {
      const dataDir = scratchDataDir();
      try {
        await withRuntime(command, runDemo, { env: dataDir.env });
      } finally {
        dataDir.remove();
      }
    });
}

async function runDemo(runtime: Runtime): Promise<void> {
  const { report, failed } = await withOwnAnalyzer(runtime, true, async () => {
    const startedAt = Date.now();
    const report = await ingestFile(runtime, DEMO_POSTS_FILE, { feed: DEMO_FEED });
    const options = { timeoutSeconds: DEFAULT_WAIT_TIMEOUT_SECONDS, ranOwnAnalyzer: true, startedAt };
    return { report, failed: await waitForAnalysis(runtime, report.batches, options) };
  });
  const rows = await alertsWithEvidenceFrom(runtime.database.db, DEMO_FEED);
  const stats = await postCountsOf(runtime.database.db, DEMO_FEED);
  process.stdout.write(`demo: ${report.posts} sample posts read, ${stats.posts} stored, ${stats.scored} scored as threats, ${rows.length} alerts\n\n`);
  process.stdout.write(formatAlertTable(rows.map(toAlertSummary)));
  if (failed.length > 0 || report.skipped.length > 0) {
    process.stderr.write(`demo: ${failed.length} batches failed, ${report.skipped.length} sample lines skipped\n`);
    process.exitCode = 1;
  }
}
