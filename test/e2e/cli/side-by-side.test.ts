import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZE_BATCH_SIZE, QUEUE } from '../../../src/queue/index.js';
import { PROJECT_ROOT } from '../../helpers/paths.js';
import { runCli } from '../../helpers/run-cli.js';
import { createTestDatabase, createTestRedisPrefix, testEnv, TEST_REDIS_URL, type TestDatabase } from '../../helpers/services.js';

const DEMO_POSTS = 202;
/** A command still running after this is killed and the test fails: generous, as three cold starts on a loaded 2-core box are slow. */
const RUN_LIMIT_MS = 150_000;

/** Posts `from`..`to - 1` of one shared export: the two imports overlap, as two operators' might. */
function writeExport(file: string, from: number, to: number): void {
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    lines.push(
      JSON.stringify({
        id: `export-${i}`,
        author: `resident_${i % 41}`,
        text: `Market day ${i} in Saraqib: bread and fuel prices went up again`,
        published_at: new Date(Date.UTC(2026, 10, 20, 8, 0, i)).toISOString(),
        url: `https://example.org/export/${i}`,
        lang: 'en',
      }),
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

async function jobsOnQueue(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed');
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

describe('ingest --wait and demo side by side on one Postgres and Redis', () => {
  let database: TestDatabase;
  const redis = createTestRedisPrefix('side');
  const lonely = createTestRedisPrefix('lonely');
  let env: NodeJS.ProcessEnv;
  const dir = mkdtempSync(path.join(tmpdir(), 'placewatch-side-'));
  const first = path.join(dir, 'first.jsonl');
  const second = path.join(dir, 'second.jsonl');

  beforeAll(async () => {
    database = await createTestDatabase('side');
    env = testEnv(database.url, redis.prefix, { LOG_LEVEL: 'warn' });
    // Two batches each; the overlap does not line up with batch edges, so only Postgres can merge it.
    writeExport(first, 0, 180);
    writeExport(second, 120, 300);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await redis.cleanup();
    await lonely.cleanup();
    await database?.drop();
  });

  it(
    'two ingest --wait and a demo started at once all exit 0, and every post is stored once',
    async () => {
      const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
      const queue = new Queue(QUEUE.analyze, { connection, prefix: redis.prefix });
      // The analyzer of some other process, which leaves: on the queue (idle) while the three start,
      // gone once they have queued their batches. A command that counted on it would wait forever.
      const passerby = new Worker(QUEUE.analyze, null, { connection, prefix: redis.prefix, autorun: false });
      try {
        await passerby.waitUntilReady();
        const runs = [
          runCli(['ingest', first, '--feed', 'shared-export', '--wait'], env, { timeoutMs: RUN_LIMIT_MS }),
          runCli(['ingest', second, '--feed', 'shared-export', '--wait'], env, { timeoutMs: RUN_LIMIT_MS }),
          runCli(['demo'], env, { timeoutMs: RUN_LIMIT_MS }),
        ];
        const batches = 2 * Math.ceil(180 / ANALYZE_BATCH_SIZE) + Math.ceil(DEMO_POSTS / ANALYZE_BATCH_SIZE);
        await waitFor(async () => (await jobsOnQueue(queue)) >= batches, RUN_LIMIT_MS);
        await passerby.close();

        const [one, two, demo] = await Promise.all(runs);
        for (const run of [one!, two!, demo!]) {
          expect(run.stderr).not.toMatch(/placewatch: /);
          expect(run.code).toBe(0);
        }
        expect(one!.stdout).toContain('all posts analysed and committed');
        expect(two!.stdout).toContain('all posts analysed and committed');
        expect(demo!.stdout).toMatch(new RegExp(`demo: ${DEMO_POSTS} sample posts read, ${DEMO_POSTS} stored`));

        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          const { rows } = await client.query<{ feed: string; posts: number; distinct_posts: number }>(
            `select feed, count(*)::int as posts, count(distinct external_id)::int as distinct_posts from posts group by feed order by feed`,
          );
          expect(rows).toEqual([
            { feed: 'demo', posts: DEMO_POSTS, distinct_posts: DEMO_POSTS },
            { feed: 'shared-export', posts: 300, distinct_posts: 300 },
          ]);
        } finally {
          await client.end();
        }
      } finally {
        await passerby.close();
        await queue.close();
        connection.disconnect();
      }
    },
    RUN_LIMIT_MS + 30_000,
  );

  it(
    'ingest --wait --no-analyzer with no analyzer anywhere gives up, says why, and leaves the batch queued',
    async () => {
      const file = path.join(PROJECT_ROOT, 'test/fixtures/posts/mixed-small.jsonl');
      const lonelyEnv = testEnv(database.url, lonely.prefix, { LOG_LEVEL: 'warn' });
      const result = await runCli(['ingest', file, '--wait', '--no-analyzer', '--timeout', '1'], lonelyEnv, { timeoutMs: RUN_LIMIT_MS });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('queued 6 posts');
      expect(result.stderr).toMatch(/placewatch: ANALYSIS_INCOMPLETE: 1 of 1 batches \(6 posts\) not analysed: no batch on the analyze queue finished for 1 s/);
      expect(result.stderr).toMatch(
        /no analyzer is running on the analyze queue .*start one with `placewatch start --role analyzer`, or run without --no-analyzer/,
      );

      // Nothing is lost: the batch waits for the next analyzer.
      const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
      const queue = new Queue(QUEUE.analyze, { connection, prefix: lonely.prefix });
      try {
        expect((await queue.getJobCounts('waiting')).waiting).toBe(1);
      } finally {
        await queue.close();
        connection.disconnect();
      }
    },
    RUN_LIMIT_MS + 30_000,
  );
});
