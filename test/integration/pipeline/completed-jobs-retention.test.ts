import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZE_KEEP_COMPLETED, openQueues, QUEUE, type Queues } from '../../../src/queue/index.js';
import { createTestRedisPrefix, TEST_REDIS_URL } from '../../helpers/services.js';
import { waitUntil } from '../../helpers/wait-until.js';

/**
 * Completed analyze jobs carry their batch, so how many the queue keeps is how much Redis an import
 * leaves behind. Run on the real Redis with a prefix of its own; a stand-in processor completes the
 * jobs (what they hold does not matter here, only that they complete).
 */
describe('completed analyze jobs', () => {
  const { prefix, cleanup } = createTestRedisPrefix('keep');
  let redis: Redis;
  let queues: Queues;

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    queues = openQueues(redis, prefix);
  });
  afterAll(async () => {
    await queues?.close();
    redis?.disconnect();
    await cleanup();
  });

  it(`are kept ${ANALYZE_KEEP_COMPLETED.count} at most, the latest, while failed ones stay`, async () => {
    const total = ANALYZE_KEEP_COMPLETED.count + 20;
    for (let i = 0; i < total; i++) await queues.analyze.add('batch', { posts: [], source: 'retention-test' }, { jobId: `keep-${i}` });
    await queues.analyze.add('batch', { posts: [], source: 'retention-test' }, { jobId: 'keep-failing', attempts: 1 });
    const workerConnection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const worker = new Worker(
      QUEUE.analyze,
      async (job) => {
        if (job.id === 'keep-failing') throw new Error('refused on purpose');
      },
      { connection: workerConnection, prefix, concurrency: 4 },
    );
    try {
      await waitUntil(async () => (await queues.analyze.getJobCounts('waiting')).waiting === 0, 30_000, 'the jobs to run');
      await waitUntil(async () => (await queues.analyze.getJobCounts('active')).active === 0, 30_000, 'the last job to finish');
    } finally {
      await worker.close();
      workerConnection.disconnect();
    }
    const counts = await queues.analyze.getJobCounts('completed', 'failed');
    expect(counts.completed).toBe(ANALYZE_KEEP_COMPLETED.count);
    expect(counts.failed).toBe(1);
    // The latest are the ones kept: a re-polled page of a recent batch still finds its job.
    expect(await queues.analyze.getJob(`keep-${total - 1}`)).toBeDefined();
    expect(await queues.analyze.getJob('keep-0')).toBeUndefined();
  });
});
