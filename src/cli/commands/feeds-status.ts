import type { Command } from 'commander';
import { listFeedHealth, syncFeeds } from '../../polling/index.js';
import { configOf, printJson, withDatabase } from '../context.js';
import { renderTable } from '../render-table.js';

const when = (d: Date | null) => (d ? new Date(d).toISOString().replace('T', ' ').slice(0, 16) : '-');

export function registerFeedsCommand(program: Command): void {
  const feeds = program.command('feeds').description('feed health');
  feeds
    .command('status')
    .description('status (ok, failing, silent, backing_off...), last success, failures in a row, posts per hour and open alerts of every feed')
    .option('--json', 'print a JSON array')
    .action(async (options: { json?: boolean }, command: Command) => {
      const config = configOf(command);
      await withDatabase(command, async ({ db }) => {
        await syncFeeds(db, config.feeds.feeds);
        const health = await listFeedHealth(db, config.feeds.feeds);
        if (options.json) return printJson(health);
        process.stdout.write(
          health.length === 0
            ? 'no feeds configured\n'
            : renderTable(
                ['feed', 'kind', 'status', 'last success', 'failures', 'posts/h', 'last post', 'posts', 'skipped', 'last error / alert'],
                health.map((h) => [
                  h.name, h.kind, h.status, when(h.lastSuccessAt), String(h.consecutiveFailures), String(h.postsPerHour24h),
                  when(h.lastPostAt), String(h.postsTotal), String(h.skippedTotal),
                  (h.openAlerts[0]?.detail ?? h.lastError ?? '').slice(0, 70),
                ]),
              ),
        );
      });
    });
}
