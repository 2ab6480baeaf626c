import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, type Database } from '../../../src/db/index.js';
import { enqueuePosts } from '../../../src/polling/index.js';
import { connectRedis, openQueues } from '../../../src/queue/index.js';
import { PROJECT_ROOT } from '../../helpers/paths.js';
import { postStream } from '../../helpers/post-stream.js';
import { findPostgresBin, startPrivatePostgres, type PrivatePostgres } from '../../helpers/private-postgres.js';
import { createTestRedisPrefix, TEST_REDIS_URL, testEnv, uniqueName } from '../../helpers/services.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';
import { finalAlerts } from '../../helpers/alert-snapshot.js';
import { cleanRunAlerts, queueDrained, storedPostCounts } from '../../helpers/chaos-checks.js';
import { waitUntil } from '../../helpers/wait-until.js';

/** The outbox as it was written: one row per alert change and route, by idempotency key. */
async function outboxKeys(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('notifications').select('idempotency_key').execute();
  // Without the alert's row id, which differs between two databases.
  return rows.map((r) => r.idempotency_key.replace(/^alert-\d+-/, 'alert-')).sort();
}

/** A `placewatch start` child whose output and exit are kept for the assertions. */
function startRoles(env: NodeJS.ProcessEnv, roles: string[]): { child: ChildProcess; log(): string; exit(): string | undefined } {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/placewatch.js'), 'start', ...roles.flatMap((r) => ['--role', r])], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  let exit: string | undefined;
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.once('exit', (code, signal) => (exit = `${roles.join('+')} exited with ${code ?? signal}`));
  return { child, log: () => log, exit: () => exit };
}

/** Probes run while Postgres is down on purpose: a failing probe means "not yet". */
const until = (probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> =>
  waitUntil(probe, timeoutMs, what, { intervalMs: 200, tolerateErrors: true });

const postgresBin = findPostgresBin();
const missing = 'initdb/pg_ctl not found under /usr/lib/postgresql/*/bin: the Postgres outage test needs a private cluster';
if (!postgresBin && process.env.CI !== 'true') console.warn(`skipping the Postgres outage test: ${missing}`);

const POSTS = 3_000;
const OUTAGE_MS = 30_000;

describe.skipIf(!postgresBin && process.env.CI !== 'true')(
  `analyzer and notifier processes draining ${POSTS} posts while their Postgres stops for ${OUTAGE_MS / 1000} s`,
  () => {
    const posts = postStream(POSTS, 'outage');
    const redisPrefix = createTestRedisPrefix('outage');
    let clean: TestRuntime | undefined;
    let cluster: PrivatePostgres | undefined;
    const children: ChildProcess[] = [];
    const cleanup: Array<() => Promise<void>> = [];

    afterAll(async () => {
      for (const child of children) child.kill('SIGKILL');
      for (const step of cleanup.reverse()) await step().catch(() => undefined);
      await clean?.dispose();
      await redisPrefix.cleanup();
      await cluster?.destroy();
    });

    it('keep running, report not ready meanwhile, store every post once, end with the alerts and outbox of a clean run, and deliver each notification once', async () => {
      if (!postgresBin) throw new Error(`${missing} (CI=true, so this is a failure, not a skip)`);
      clean = await openTestRuntime({ label: 'outage_clean' });
      // The same batches in the same order as the queue below, so alert changes (and so the outbox) match.
      const expected = await cleanRunAlerts(clean.runtime, posts, 10);
      const expectedOutbox = await outboxKeys(clean.runtime.database.db);
      expect(expected.length).toBeGreaterThan(0);
      expect(expectedOutbox.length).toBeGreaterThan(0);

      cluster = await startPrivatePostgres(postgresBin);
      const database = await createScratchDatabase(cluster.url, uniqueName('outage'));
      const redis = await connectRedis(TEST_REDIS_URL);
      const queues = openQueues(redis, redisPrefix.prefix);
      cleanup.push(
        async () => redis.disconnect(),
        () => queues.close(),
      );
      const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }) });
      cleanup.push(() => db.destroy());

      const env = testEnv(database.url, redisPrefix.prefix, { PLACEWATCH_JOB_LOCK_MS: '5000', LOG_LEVEL: 'info' });
      const analyzer = startRoles(env, ['analyzer']);
      // The shipped routes deliver to the log channel, so deliveries run without a receiver.
      const notifier = startRoles(env, ['scheduler', 'notifier']);
      children.push(analyzer.child, notifier.child);
      const exits = () => [analyzer.exit(), notifier.exit()].filter(Boolean);
      const logs = () => `${analyzer.log().slice(-1500)}\n${notifier.log().slice(-1500)}`;

      // Start-up fails fast on an unreachable server by design; the outage begins once both are running.
      await until(async () => [analyzer, notifier].every((p) => p.log().includes('"msg":"placewatch started"')), 90_000, 'both processes to start');
      // Small batches, queued once both run, so the outage lands in the middle of the drain.
      for (let i = 0; i < posts.length; i += 10) await enqueuePosts(queues, 'outage', posts.slice(i, i + 10));
      await until(async () => (await queues.analyze.getCompletedCount()) >= POSTS / 100, 90_000, 'the analyzer to commit a tenth of the batches');
      expect(await queueDrained(queues.analyze), 'the outage must land mid-drain').toBe(false);
      await cluster.stop();
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      expect(exits(), `a worker process exited during the outage:\n${logs()}`).toEqual([]);
      expect(analyzer.log()).toMatch(/"msg":"not ready/);
      await cluster.start();

      await until(() => queueDrained(queues.analyze), 120_000, 'the queue to drain');
      await until(
        async () => {
          const rows = await db.selectFrom('notifications').select('status').execute();
          return rows.length === expectedOutbox.length && rows.every((r) => r.status === 'delivered');
        },
        60_000,
        'every notification to be delivered',
      );
      expect(exits(), `a worker process exited:\n${logs()}`).toEqual([]);
      expect(analyzer.log()).toMatch(/"msg":"ready again/);
      expect(await queues.analyze.getFailedCount()).toBe(0);
      // The outage was waited out inside each job: no batch spent an attempt on it.
      expect(analyzer.log()).not.toMatch(/"msg":"analyze job failed"/);
      expect(await storedPostCounts(db)).toEqual({ n: posts.length, distinct: posts.length });
      expect(await finalAlerts(db)).toEqual(expected);
      expect(await outboxKeys(db)).toEqual(expectedOutbox);
      // No notification recorded as delivered was delivered again.
      const repeated = await db
        .selectFrom('notification_attempts')
        .select('notification_id')
        .where('outcome', '=', 'delivered')
        .groupBy('notification_id')
        .having(sql`count(*)`, '>', 1)
        .execute();
      expect(repeated).toEqual([]);
    }, 175_000);
  },
);
