import { QueueEvents } from 'bullmq';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import type { CanonicalPost } from '../../../src/feeds/canonical-post.js';
import { analyzeBatch } from '../../../src/pipeline/index.js';
import { QUEUE } from '../../../src/queue/index.js';
import { startAnalyzer } from '../../../workers/analyzer.js';
import { runCli } from '../../helpers/run-cli.js';
import { tempConfig } from '../../helpers/temp-config.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';
import { rawPost } from '../../helpers/raw-post.js';

const FEED = 'partner-import';

// Built below the sanitiser, as a post from an older producer would arrive: Postgres refuses its NUL.
const post = (id: string, text: string, minute: number): CanonicalPost => rawPost(FEED, id, new Date(Date.UTC(2026, 10, 22, 8, minute)), { text });

describe('failed posts are visible and can be retried', () => {
  let t: TestRuntime;
  let app: FastifyInstance;
  let configDir: string;
  const cli = (...args: string[]) => runCli(['--config', configDir, ...args], t.env);
  const health = async () => (await app.inject({ method: 'GET', url: '/api/health' })).json() as { status: string; failed_posts: number | null };
  const failedRows = async () =>
    (await sql<{ external_id: string }>`select external_id from failed_posts where feed = ${FEED}`.execute(t.runtime.database.db)).rows;

  beforeAll(async () => {
    configDir = tempConfig({ 'feeds.yaml': `feeds:\n  - name: ${FEED}\n    kind: file\n    path: partner.jsonl\n` });
    t = await openTestRuntime({ label: 'failed', configDir });
    app = await buildApiServer(t.runtime);
    const deps = { db: t.runtime.database.db, active: t.runtime.config.current, logger: t.runtime.logger, seen: t.runtime.seen, publicUrl: 'http://x' };
    const outcome = await analyzeBatch(deps, [
      post('fine', 'Olive harvest starts next week in Taftanaz', 0),
      post('poison', 'Bread prices rose again in Atarib\u0000 this week', 1),
    ]);
    expect(outcome).toMatchObject({ stored: 1, failed: 1 });
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('failed list --json names the post, its feed, its error and its attempts', async () => {
    const listed = await cli('failed', 'list', '--json');
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
    expect(rows).toEqual([
      expect.objectContaining({
        feed: FEED,
        externalId: 'poison',
        attempts: 1,
        error: expect.stringMatching(/^could not be stored: .*0x00/),
        textStart: expect.stringContaining('Atarib'),
      }),
    ]);
    expect(rows[0]!.id).toMatch(/^\d+$/);
  });

  it('/api/health and feeds status count the failed posts', async () => {
    expect(await health()).toEqual({ status: 'ok', failed_posts: 1 });
    const table = await cli('feeds', 'status');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/\bfailed\b/);
    expect(table.stdout).toContain('failed posts: 1 (placewatch failed list)');
    const json = JSON.parse((await cli('feeds', 'status', '--json')).stdout) as Array<{ name: string; failedPosts: number }>;
    expect(json.find((f) => f.name === FEED)).toMatchObject({ failedPosts: 1 });
  });

  it('failed retry re-enqueues the post; stored this time, it leaves failed_posts and the counts drop to 0', async () => {
    const refused = await cli('failed', 'retry');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('give failed post ids or --all');

    const retried = await cli('failed', 'retry', '--all', '--json');
    expect(retried.code).toBe(0);
    const report = JSON.parse(retried.stdout) as { enqueued: number; jobIds: string[] };
    expect(report.enqueued).toBe(1);
    expect(report.jobIds).toHaveLength(1);

    const worker = startAnalyzer(t.runtime);
    const events = new QueueEvents(QUEUE.analyze, { connection: t.runtime.redis.duplicate(), prefix: t.prefix });
    try {
      await events.waitUntilReady();
      await (await t.runtime.queues.analyze.getJob(report.jobIds[0]!))?.waitUntilFinished(events, 60_000);
    } finally {
      await events.close();
      await worker.close();
    }
    const stored = await sql<{ text: string }>`select text from posts where feed = ${FEED} and external_id = 'poison'`.execute(t.runtime.database.db);
    expect(stored.rows).toEqual([{ text: 'Bread prices rose again in Atarib this week' }]);
    expect(await failedRows()).toEqual([]);
    expect(await health()).toEqual({ status: 'ok', failed_posts: 0 });
    expect((await cli('failed', 'list')).stdout).toBe('no failed posts\n');
  });
});
