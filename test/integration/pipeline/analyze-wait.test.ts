import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForAnalyzeBatches } from '../../../src/pipeline/index.js';
import { QUEUE } from '../../../src/queue/index.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('waiting for analyze batches', () => {
  let t: TestRuntime;
  let worker: Worker | undefined;
  beforeAll(async () => {
    t = await openTestRuntime({ label: 'anwait' });
  });
  afterAll(async () => {
    await worker?.close();
    await t?.dispose();
  });

  // A busy box can deliver the waiter's first XREAD well after it has checked each batch's state.
  // A batch that finishes in between must still count: the waiter reads events from a point taken
  // before the check, not from "now" whenever its blocking read happens to reach Redis.
  it('sees a batch that finishes after its state check but before its event stream is read', async () => {
    const { runtime } = t;
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const started = new Promise<void>((resolve) => {
      worker = new Worker(
        QUEUE.analyze,
        async () => {
          resolve();
          await finished;
        },
        { connection: runtime.redis.duplicate(), prefix: runtime.queuePrefix },
      );
    });
    const job = await runtime.queues.analyze.add('batch', { posts: [] } as never);
    await started; // the batch is active: the waiter's state check will see it unfinished

    // Hold back every blocking read of the waiter's stream, as a loaded box would.
    const original = Redis.prototype.xread;
    Redis.prototype.xread = async function delayedXread(this: Redis, ...args: unknown[]) {
      await sleep(1_500);
      return (original as (...a: unknown[]) => Promise<unknown>).apply(this, args);
    } as typeof original;
    try {
      const waiting = waitForAnalyzeBatches(runtime, [{ jobId: job.id!, posts: 1 }], { idleTimeoutMs: 4_000 });
      await sleep(500); // past the state check, before the delayed read
      finish();
      const result = await waiting;
      expect(result.pending).toEqual([]);
      expect(result.failed).toEqual([]);
      expect(result.progress.analysedPosts).toBe(1);
    } finally {
      Redis.prototype.xread = original;
    }
  }, 30_000);
});
