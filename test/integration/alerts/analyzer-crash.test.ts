import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeBatch } from '../../../src/pipeline/index.js';
import { enqueuePosts } from '../../../src/polling/index.js';
import { PROJECT_ROOT } from '../../helpers/paths.js';
import { postStream } from '../../helpers/post-stream.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';
import { finalAlerts } from '../../helpers/alert-snapshot.js';
import { waitUntil } from '../../helpers/wait-until.js';

function startAnalyzerProcess(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/placewatch.js'), 'start', '--role', 'analyzer'], {
    env: { ...env, PLACEWATCH_JOB_LOCK_MS: '2000' },
    stdio: 'ignore',
  });
}

describe('two analyzer processes, one killed with SIGKILL mid-batch', () => {
  const posts = postStream(600, 'crash');
  let clean: TestRuntime;
  let chaos: TestRuntime;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    clean = await openTestRuntime({ label: 'clean' });
    chaos = await openTestRuntime({ label: 'chaos' });
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await clean?.dispose();
    await chaos?.dispose();
  });

  it('end with the same alerts and counts as a clean single-process run', async () => {
    const deps = {
      db: clean.runtime.database.db,
      active: clean.runtime.config.current,
      logger: clean.runtime.logger,
      publicUrl: 'http://x',
      nearDuplicates: clean.runtime.nearDuplicates,
    };
    for (let i = 0; i < posts.length; i += 50) await analyzeBatch(deps, posts.slice(i, i + 50));
    const expected = await finalAlerts(clean.runtime.database.db);
    expect(expected.length).toBeGreaterThan(0);

    const queue = chaos.runtime.queues.analyze;
    // Small batches so that the kill lands in the middle of the work.
    for (let i = 0; i < posts.length; i += 10) await enqueuePosts(chaos.runtime.queues, 'crash', posts.slice(i, i + 10));
    const victim = startAnalyzerProcess(chaos.env);
    const survivor = startAnalyzerProcess(chaos.env);
    children.push(victim, survivor);
    await waitUntil(async () => (await queue.getCompletedCount()) >= 5 && (await queue.getActiveCount()) > 0, 60_000, 'work in progress');
    victim.kill('SIGKILL');
    await new Promise((r) => victim.once('exit', r));
    children.push(startAnalyzerProcess(chaos.env)); // restarted
    await waitUntil(
      async () => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        return Object.values(counts).every((n) => n === 0);
      },
      120_000,
      'the queue to drain',
    );
    expect(await queue.getFailedCount()).toBe(0);
    expect(await finalAlerts(chaos.runtime.database.db)).toEqual(expected);
    const stored = await chaos.runtime.database.db
      .selectFrom('posts')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(stored.n).toBe(posts.length);
  }, 240_000);
});
