import type { Command } from 'commander';
import { listFeedStatus, syncFeeds } from '../../polling/index.js';
import { configOf, printJson, withDatabase } from '../context.js';
import { renderTable } from '../render-table.js';

export function registerFeedsCommand(program: Command): void {
  const feeds = program.command('feeds').description('feed health');
  feeds
    .command('status')
    .description('last success, last error, failures in a row and totals for every feed')
    .option('--json', 'print a JSON array')
    .action(async (options: { json?: boolean }, command: Command) => {
      const config = configOf(command);
      await withDatabase(command, async ({ db }) => {
        await syncFeeds(db, config.feeds.feeds);
        const status = await listFeedStatus(db);
        if (options.json) return printJson(status);
        const when = (d: Date | null) => (d ? new Date(d).toISOString().replace('T', ' ').slice(0, 19) : '-');
        process.stdout.write(
          status.length === 0
            ? 'no feeds configured\n'
            : renderTable(
                ['feed', 'kind', 'enabled', 'last success', 'failures', 'posts', 'skipped', 'last error'],
                status.map((s) => [
                  s.name, s.kind, s.enabled ? 'yes' : 'no', when(s.last_success_at), String(s.consecutive_failures),
                  s.posts_total, s.skipped_total, (s.last_error ?? '').slice(0, 60),
                ]),
              ),
        );
      });
    });
}
