import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueuePosts } from '../../../src/polling/index.js';
import { cleanRunAlerts, queueDrained, storedPostCounts } from '../../helpers/chaos-checks.js';
import { PROJECT_ROOT } from '../../helpers/paths.js';
import { postStream } from '../../helpers/post-stream.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';
import { finalAlerts } from '../../helpers/alert-snapshot.js';
import { waitUntil } from '../../helpers/wait-until.js';

const POSTS = 3_000;
const KILLS = 10;
/** Jobs of this many posts, so that every kill lands in the middle of the work. */
const JOB_POSTS = 10;

function startAnalyzerProcess(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/placewatch.js'), 'start', '--role', 'analyzer'], {
    // A short lock: the jobs a killed process held are taken over within seconds. Not shorter: on a
    // loaded box a live process that misses a 1 s renewal looks stalled, and three stalls fail a job.
    env: { ...env, PLACEWATCH_JOB_LOCK_MS: '4000' },
    stdio: 'ignore',
  });
}

describe(`two analyzer processes draining ${POSTS} posts, SIGKILLed ${KILLS} times mid-batch`, () => {
  const posts = postStream(POSTS, 'crash');
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

  it('lose no post, store none twice, and end with the alerts of a clean single-process run', async () => {
    const expected = await cleanRunAlerts(clean.runtime, posts, 100);
    expect(expected.length).toBeGreaterThan(0);

    const queue = chaos.runtime.queues.analyze;
    for (let i = 0; i < posts.length; i += JOB_POSTS) await enqueuePosts(chaos.runtime.queues, 'crash', posts.slice(i, i + JOB_POSTS));
    const jobs = POSTS / JOB_POSTS;
    const analyzers = [startAnalyzerProcess(chaos.env), startAnalyzerProcess(chaos.env)];
    children.push(...analyzers);
    // Spread the kills over the first half of the drain, each while a batch is being analysed. Progress
    // is counted in posts stored: the queue keeps only its latest completed jobs (ANALYZE_KEEP_COMPLETED).
    const step = Math.floor(jobs / 2 / KILLS);
    for (let kill = 0; kill < KILLS; kill++) {
      await waitUntil(
        async () => (await storedPostCounts(chaos.runtime.database.db)).n >= (kill + 1) * step * JOB_POSTS && (await queue.getActiveCount()) > 0,
        90_000,
        `work in progress before kill ${kill + 1}`,
        { intervalMs: 50 },
      );
      const slot = kill % 2;
      const victim = analyzers[slot]!;
      const exited = new Promise((r) => victim.once('exit', r));
      victim.kill('SIGKILL');
      await exited;
      analyzers[slot] = startAnalyzerProcess(chaos.env); // restarted, as a supervisor would
      children.push(analyzers[slot]);
    }
    await waitUntil(() => queueDrained(queue), 150_000, 'the queue to drain');
    expect(await queue.getFailedCount()).toBe(0);
    expect(await storedPostCounts(chaos.runtime.database.db)).toEqual({ n: POSTS, distinct: POSTS });
    expect(await finalAlerts(chaos.runtime.database.db)).toEqual(expected);
  }, 240_000);
});
