import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/index.js';
import { enqueuePosts } from '../../../src/polling/index.js';
import { connectRedis, openQueues } from '../../../src/queue/index.js';
import { finalAlerts } from '../../helpers/alert-snapshot.js';
import { cleanRunAlerts, queueDrained, storedPostCounts } from '../../helpers/chaos-checks.js';
import { PROJECT_ROOT } from '../../helpers/paths.js';
import { postStream } from '../../helpers/post-stream.js';
import { hasRedisServer, startPrivateRedis, type PrivateRedis } from '../../helpers/private-redis.js';
import { createTestDatabase, testEnv, uniqueName } from '../../helpers/services.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';
import { waitUntil } from '../../helpers/wait-until.js';

const POSTS = 3_000;
/** Jobs of this many posts, so that the crash lands in the middle of the drain. */
const JOB_POSTS = 10;

/** An analyzer process whose output and exit are kept for the assertions. */
function startAnalyzer(env: NodeJS.ProcessEnv): { child: ChildProcess; log(): string; exit(): string | undefined } {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/placewatch.js'), 'start', '--role', 'analyzer'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  let exit: string | undefined;
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.once('exit', (code, signal) => (exit = `analyzer exited with ${code ?? signal}`));
  return { child, log: () => log, exit: () => exit };
}

/** Probes run while Redis is down on purpose: a failing probe means "not yet". */
const until = (probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> =>
  waitUntil(probe, timeoutMs, what, { intervalMs: 200, tolerateErrors: true });

const redisServer = hasRedisServer();
const missing = 'redis-server not found on the PATH: the Redis crash test needs a private server';
if (!redisServer && process.env.CI !== 'true') console.warn(`skipping the Redis crash test: ${missing}`);

describe.skipIf(!redisServer && process.env.CI !== 'true')(
  `an analyzer process draining ${POSTS} posts while its Redis (AOF, fsync always) is SIGKILLed and restarted`,
  () => {
    const posts = postStream(POSTS, 'redis-crash');
    let clean: TestRuntime | undefined;
    let redis: PrivateRedis | undefined;
    const children: ChildProcess[] = [];
    const cleanup: Array<() => Promise<void>> = [];

    afterAll(async () => {
      for (const child of children) child.kill('SIGKILL');
      for (const step of cleanup.reverse()) await step().catch(() => undefined);
      await clean?.dispose();
      await redis?.destroy();
    });

    it('keeps running, loses no post, stores none twice, and ends with the alerts of a clean run', async () => {
      if (!redisServer) throw new Error(`${missing} (CI=true, so this is a failure, not a skip)`);
      clean = await openTestRuntime({ label: 'redis_clean' });
      const expected = await cleanRunAlerts(clean.runtime, posts, 100);
      expect(expected.length).toBeGreaterThan(0);

      redis = await startPrivateRedis();
      const database = await createTestDatabase('redis_chaos');
      cleanup.push(() => database.drop());
      const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }) });
      cleanup.push(() => db.destroy());
      const prefix = `{${uniqueName('redis_chaos')}}`;
      const connection = await connectRedis(redis.url);
      const queues = openQueues(connection, prefix);
      cleanup.push(
        async () => connection.disconnect(),
        () => queues.close(),
      );

      const env = testEnv(database.url, prefix, { REDIS_URL: redis.url, PLACEWATCH_JOB_LOCK_MS: '5000', LOG_LEVEL: 'info' });
      const analyzer = startAnalyzer(env);
      children.push(analyzer.child);
      const log = () => analyzer.log().slice(-3000);
      // Start-up fails fast on an unreachable server by design; the crash comes once it runs.
      await until(async () => analyzer.log().includes('"msg":"placewatch started"'), 90_000, 'the analyzer to start');
      for (let i = 0; i < posts.length; i += JOB_POSTS) await enqueuePosts(queues, 'redis-crash', posts.slice(i, i + JOB_POSTS));
      const jobs = POSTS / JOB_POSTS;
      await until(async () => (await queues.analyze.getCompletedCount()) >= jobs / 10, 90_000, 'the analyzer to commit a tenth of the batches');

      expect(await queueDrained(queues.analyze), 'the crash must land mid-drain').toBe(false);
      await redis.kill();
      await new Promise((r) => setTimeout(r, 3_000));
      expect(analyzer.exit(), `the analyzer exited while Redis was down:\n${log()}`).toBeUndefined();
      expect(analyzer.log()).toMatch(/"msg":"not ready/);
      await redis.start();

      await until(() => queueDrained(queues.analyze), 150_000, 'the queue to drain after the restart');
      expect(analyzer.exit(), `the analyzer exited:\n${log()}`).toBeUndefined();
      expect(await queues.analyze.getFailedCount()).toBe(0);
      expect(await storedPostCounts(db)).toEqual({ n: POSTS, distinct: POSTS });
      expect(await finalAlerts(db)).toEqual(expected);
      expect(analyzer.log()).toMatch(/"msg":"ready again/);
    }, 240_000);
  },
);
