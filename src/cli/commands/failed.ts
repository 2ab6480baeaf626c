import type { Command } from 'commander';
import { PlacewatchError } from '../../errors.js';
import { retryFailedPosts } from '../../pipeline/index.js';
import { listFailedPosts } from '../../posts/index.js';
import { printJson, withDatabase, withRuntime } from '../context.js';
import { renderTable } from '../render-table.js';

const oneLine = (text: string, max: number) => text.replace(/\s+/g, ' ').trim().slice(0, max);

/** `placewatch failed list|retry`: the posts the analyzer failed on or the database refused. */
export function registerFailedCommand(program: Command): void {
  const failed = program.command('failed').description('posts the analyzer failed on or the database refused (the failed set)');
  failed
    .command('list')
    .description('failed posts, most recently failed first, with their error and attempts')
    .option('--limit <n>', 'at most this many', '200')
    .option('--json', 'print a JSON array')
    .action(async (options: { limit: string; json?: boolean }, command: Command) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new PlacewatchError('INPUT_INVALID', `--limit: expected a positive integer, got "${options.limit}"`);
      await withDatabase(command, async ({ db }) => {
        const rows = await listFailedPosts(db, { limit });
        if (options.json) return printJson(rows);
        process.stdout.write(
          rows.length === 0
            ? 'no failed posts\n'
            : renderTable(
                ['id', 'feed', 'external id', 'attempts', 'failed at', 'error', 'text'],
                rows.map((r) => [
                  r.id,
                  r.feed,
                  oneLine(r.externalId, 30),
                  String(r.attempts),
                  r.failedAt.replace('T', ' ').slice(0, 19),
                  oneLine(r.error, 60),
                  oneLine(r.textStart, 40),
                ]),
              ),
        );
      });
    });
  failed
    .command('retry [ids...]')
    .description('put failed posts back on the analyze queue; a post that is stored this time leaves the failed set')
    .option('--all', 'retry every failed post')
    .option('--json', 'print the report as JSON')
    .action(async (ids: string[], options: { all?: boolean; json?: boolean }, command: Command) => {
      if (Boolean(options.all) === ids.length > 0) throw new PlacewatchError('INPUT_INVALID', 'give failed post ids or --all (one of them)');
      const bad = ids.find((id) => !/^\d{1,18}$/.test(id));
      if (bad !== undefined) throw new PlacewatchError('INPUT_INVALID', `"${bad}" is not a failed post id (see placewatch failed list)`);
      await withRuntime(command, async (runtime) => {
        const report = await retryFailedPosts({ db: runtime.database.db, queues: runtime.queues, seen: runtime.seen }, options.all ? 'all' : ids);
        if (options.json) return printJson(report);
        process.stdout.write(`queued ${report.enqueued} failed posts for analysis in ${report.jobIds.length} batches\n`);
        if (report.alreadyStored > 0) process.stdout.write(`${report.alreadyStored} were stored already and left the failed set\n`);
        for (const id of report.notFound) process.stderr.write(`no failed post ${id}\n`);
        for (const item of report.unreadable) process.stderr.write(`failed post ${item.id} no longer reads as a post: ${item.reason}\n`);
      });
    });
}
