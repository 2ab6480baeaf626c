import type { Command } from 'commander';
import { listFeedHealth, listSourceHealth, syncFeeds } from '../../polling/index.js';
import { countFailedPosts } from '../../posts/index.js';
import { configOf, printJson, withDatabase } from '../context.js';
import { renderTable } from '../render-table.js';

const when = (d: Date | null) => (d ? new Date(d).toISOString().replace('T', ' ').slice(0, 16) : '-');

export function registerFeedsCommand(program: Command): void {
  const feeds = program.command('feeds').description('feed health');
  feeds
    .command('status')
    .description(
      'status (ok, failing, silent, backing_off...), last success, failures in a row, posts per hour, failed posts and open alerts of every feed; then imports and the demo',
    )
    .option('--json', 'print a JSON array')
    .action(async (options: { json?: boolean }, command: Command) => {
      const config = configOf(command);
      await withDatabase(command, async ({ db }) => {
        await syncFeeds(db, config.feeds.feeds);
        const health = await listFeedHealth(db, config.feeds.feeds);
        const failed = await countFailedPosts(db);
        const rows = health.map((h) => ({ ...h, failedPosts: failed.byFeed.get(h.name) ?? 0 }));
        if (options.json) return printJson(rows);
        process.stdout.write(
          rows.length === 0
            ? 'no feeds configured\n'
            : renderTable(
                ['feed', 'kind', 'status', 'last success', 'failures', 'posts/h', 'last post', 'posts', 'skipped', 'failed', 'last error / alert'],
                rows.map((h) => [
                  h.name,
                  h.kind,
                  h.status,
                  when(h.lastSuccessAt),
                  String(h.consecutiveFailures),
                  String(h.postsPerHour24h),
                  when(h.lastPostAt),
                  String(h.postsTotal),
                  String(h.skippedTotal),
                  String(h.failedPosts),
                  (h.openAlerts[0]?.detail ?? h.lastError ?? '').slice(0, 70),
                ]),
              ),
        );
        // Posts also arrive outside feeds.yaml (file imports, the demo replay): say they are flowing.
        const others = (await listSourceHealth(db, config.feeds.feeds)).filter((s) => s.origin !== 'feed');
        if (others.length > 0) {
          process.stdout.write(
            '\nother sources\n' +
              renderTable(
                ['source', 'kind', 'status', 'posts/h', 'posts last hour', 'last post'],
                others.map((s) => [s.name, s.kind, s.status, String(s.postsPerHour24h), String(s.postsLastHour), when(s.lastPostAt)]),
              ),
          );
        }
        // Imports and partner pushes may name feeds that are not configured: the total counts them all.
        process.stdout.write(`failed posts: ${failed.total}${failed.total > 0 ? ' (placewatch failed list)' : ''}\n`);
      });
    });
}
