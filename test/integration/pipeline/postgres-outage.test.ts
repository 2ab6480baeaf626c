import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, type Database } from '../../../src/db/index.js';
import { analyzeBatch } from '../../../src/pipeline/index.js';
import { enqueuePosts } from '../../../src/polling/index.js';
import { connectRedis, openQueues } from '../../../src/queue/index.js';
import { PROJECT_ROOT } from '../../helpers/paths.js';
import { postStream } from '../../helpers/post-stream.js';
import { findPostgresBin, startPrivatePostgres, type PrivatePostgres } from '../../helpers/private-postgres.js';
import { createTestRedisPrefix, TEST_REDIS_URL, testEnv, uniqueName } from '../../helpers/services.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';

/** Alerts as a reviewer sees them: no row ids, evidence by source id. */
async function finalAlerts(db: Kysely<Database>) {
  const { rows } = await sql<{ place_id: string; severity: string; campaign: boolean; post_count: number; distinct_authors: number; evidence: string[] }>`
    select a.place_id, a.severity, a.campaign, a.post_count, a.distinct_authors,
           array_agg(p.external_id order by p.external_id) as evidence
    from alerts a join alert_posts e on e.alert_id = a.id join posts p on p.id = e.post_id
    where a.status <> 'merged' group by a.id`.execute(db);
  return rows.sort((a, b) => a.evidence[0]!.localeCompare(b.evidence[0]!));
}

async function until(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const postgresBin = findPostgresBin();
const missing = 'initdb/pg_ctl not found under /usr/lib/postgresql/*/bin: the Postgres outage test needs a private cluster';
if (!postgresBin && process.env.CI !== 'true') console.warn(`skipping the Postgres outage test: ${missing}`);

describe.skipIf(!postgresBin && process.env.CI !== 'true')('an analyzer process while its Postgres stops for 12 s mid-drain', () => {
  const posts = postStream(400, 'outage');
  const redisPrefix = createTestRedisPrefix('outage');
  let clean: TestRuntime | undefined;
  let cluster: PrivatePostgres | undefined;
  let worker: ChildProcess | undefined;
  const cleanup: Array<() => Promise<void>> = [];

  afterAll(async () => {
    worker?.kill('SIGKILL');
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    await clean?.dispose();
    await redisPrefix.cleanup();
    cluster?.destroy();
  });

  it('keeps running, reports not ready meanwhile, stores every post once and ends with the alerts of a clean run', async () => {
    if (!postgresBin) throw new Error(`${missing} (CI=true, so this is a failure, not a skip)`);
    clean = await openTestRuntime({ label: 'outage_clean' });
    const deps = { db: clean.runtime.database.db, active: clean.runtime.config.current, logger: clean.runtime.logger, publicUrl: 'http://x', nearDuplicates: clean.runtime.nearDuplicates };
    for (let i = 0; i < posts.length; i += 50) await analyzeBatch(deps, posts.slice(i, i + 50));
    const expected = await finalAlerts(clean.runtime.database.db);
    expect(expected.length).toBeGreaterThan(0);

    cluster = await startPrivatePostgres(postgresBin);
    const database = await createScratchDatabase(cluster.url, uniqueName('outage'));
    const redis = await connectRedis(TEST_REDIS_URL);
    const queues = openQueues(redis, redisPrefix.prefix);
    cleanup.push(async () => redis.disconnect(), () => queues.close());
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }) });
    cleanup.push(() => db.destroy());

    // Small batches, so the outage lands in the middle of the drain.
    for (let i = 0; i < posts.length; i += 10) await enqueuePosts(queues, 'outage', posts.slice(i, i + 10));
    const env = testEnv(database.url, redisPrefix.prefix, { PLACEWATCH_JOB_LOCK_MS: '5000', LOG_LEVEL: 'info' });
    worker = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/placewatch.js'), 'start', '--role', 'analyzer'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    worker.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    worker.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    let exit: string | undefined;
    worker.once('exit', (code, signal) => (exit = `exited with ${code ?? signal}`));

    await until(async () => (await queues.analyze.getCompletedCount()) >= 3, 90_000, 'the analyzer to commit its first batches');
    cluster.stop();
    await new Promise((r) => setTimeout(r, 12_000));
    expect(exit, `the analyzer ${exit} during the outage:\n${log.slice(-2000)}`).toBeUndefined();
    expect(log).toMatch(/"msg":"not ready/);
    cluster.start();

    await until(async () => {
      const counts = await queues.analyze.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(counts).every((n) => n === 0);
    }, 90_000, 'the queue to drain');
    expect(exit, `the analyzer ${exit}:\n${log.slice(-2000)}`).toBeUndefined();
    expect(log).toMatch(/"msg":"ready again/);
    expect(await queues.analyze.getFailedCount()).toBe(0);
    // The outage was waited out inside each job: no batch spent an attempt on it.
    expect(log).not.toMatch(/"msg":"analyze job failed"/);
    const stored = await db.selectFrom('posts').select([sql<number>`count(*)::int`.as('n'), sql<number>`count(distinct (feed, external_id))::int`.as('distinct')]).executeTakeFirstOrThrow();
    expect(stored).toEqual({ n: posts.length, distinct: posts.length });
    expect(await finalAlerts(db)).toEqual(expected);
  }, 170_000);
});
