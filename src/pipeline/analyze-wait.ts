import type { Job } from 'bullmq';
import { listenToQueueEvents, type AnalyzeJob } from '../queue/index.js';
import type { Runtime } from '../runtime/index.js';

/** One analyze job a caller enqueued, and how many posts it carries (for progress in posts). */
export interface AnalyzeBatchRef {
  readonly jobId: string;
  readonly posts: number;
}

export interface AnalyzeProgress {
  readonly analysedPosts: number;
  readonly totalPosts: number;
  readonly finishedBatches: number;
  readonly totalBatches: number;
  readonly elapsedMs: number;
}

export interface AnalyzeWaitOptions {
  /**
   * Give up when no batch on the whole analyze queue has finished for this long. Measured on the
   * queue, not on our own batches: ours may rightly sit behind another import while work goes on.
   */
  readonly idleTimeoutMs?: number;
  /**
   * When the batches began to be queued (epoch ms; default: now). Progress time counts from here, so
   * the rate includes batches analysed while the caller was still queueing the rest.
   */
  readonly startedAt?: number;
  /** Called about once a second while waiting, and once at the end. */
  readonly onProgress?: (progress: AnalyzeProgress) => void;
}

export interface AnalyzeWaitResult {
  readonly progress: AnalyzeProgress;
  /** Batches that failed for good (every attempt used), with the last error. */
  readonly failed: ReadonlyArray<{ readonly jobId: string; readonly reason: string }>;
  /** Batches still unfinished when the wait gave up; empty when every batch finished. */
  readonly pending: readonly string[];
}

const TICK_MS = 1_000;

/**
 * Waits until every batch has finished (completed or failed for good), or until the analyze queue
 * has been idle for `idleTimeoutMs`. Never throws on a timeout: the caller decides what to say.
 */
export async function waitForAnalyzeBatches(
  runtime: Runtime,
  batches: readonly AnalyzeBatchRef[],
  options: AnalyzeWaitOptions = {},
): Promise<AnalyzeWaitResult> {
  const idleTimeoutMs = options.idleTimeoutMs ?? 300_000;
  const pending = new Map(batches.map((b) => [b.jobId, b.posts]));
  const totalPosts = batches.reduce((sum, b) => sum + b.posts, 0);
  const failed: Array<{ jobId: string; reason: string }> = [];
  const startedAt = options.startedAt ?? Date.now();
  let lastActivityAt = Date.now();
  let analysedPosts = 0;
  let wake: () => void = () => undefined;
  const settle = (jobId: string, failure?: string) => {
    const posts = pending.get(jobId);
    if (posts === undefined) return; // not ours, or already settled by the other path
    pending.delete(jobId);
    if (failure === undefined) analysedPosts += posts;
    else failed.push({ jobId, reason: failure });
    if (pending.size === 0) wake();
  };
  const progress = (): AnalyzeProgress => ({
    analysedPosts,
    totalPosts,
    finishedBatches: batches.length - pending.size,
    totalBatches: batches.length,
    elapsedMs: Date.now() - startedAt,
  });

  // From here on every finished batch is either in the stream we read or already finished below.
  const events = await listenToQueueEvents(runtime.redis, runtime.queues.analyze);
  // 'failed' is published only when a batch has used every attempt; a retry is not a failure yet.
  events.on('completed', ({ jobId }) => {
    lastActivityAt = Date.now();
    settle(jobId);
  });
  events.on('failed', ({ jobId, failedReason }) => {
    lastActivityAt = Date.now();
    settle(jobId, failedReason);
  });
  let ticker: NodeJS.Timeout | undefined;
  try {
    // Batches that finished before we listened: ask the queue about each once.
    for (const jobId of [...pending.keys()]) await settleFromQueue(runtime, jobId, settle);
    if (pending.size > 0) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        ticker = setInterval(
          () => {
            options.onProgress?.(progress());
            if (Date.now() - lastActivityAt >= idleTimeoutMs) resolve();
          },
          Math.min(TICK_MS, idleTimeoutMs),
        );
      });
    }
    options.onProgress?.(progress());
    return { progress: progress(), failed, pending: [...pending.keys()] };
  } finally {
    clearInterval(ticker);
    await events.close();
  }
}

async function settleFromQueue(runtime: Runtime, jobId: string, settle: (jobId: string, failure?: string) => void): Promise<void> {
  const job = (await runtime.queues.analyze.getJob(jobId)) as Job<AnalyzeJob> | undefined;
  if (!job) return settle(jobId); // finished long ago and trimmed from the queue
  const state = await job.getState();
  if (state === 'completed') settle(jobId);
  else if (state === 'failed') settle(jobId, job.failedReason);
}

/** Waits for every job; resolves with the ids of those that failed for good or did not finish in time. */
export async function waitForAnalyzeJobs(runtime: Runtime, jobIds: readonly string[], timeoutMs = 300_000): Promise<string[]> {
  const result = await waitForAnalyzeBatches(
    runtime,
    jobIds.map((jobId) => ({ jobId, posts: 0 })),
    { idleTimeoutMs: timeoutMs },
  );
  return [...result.failed.map((f) => f.jobId), ...result.pending];
}
