import type { Job } from 'bullmq';
import type { AnalyzeJob } from '../queue/index.js';
import type { Runtime } from '../runtime/index.js';

/** Where unfinished analyze batches stand, and who could run them: what a timeout message needs. */
export interface PendingBatches {
  /** Queued, no analyzer has taken them yet. */
  readonly waiting: number;
  /** Taken by an analyzer that has not finished them (slow, or stuck until its lock expires). */
  readonly active: number;
  /** Failed at least once and waiting for their next attempt. */
  readonly retrying: number;
  /** Analyzers (BullMQ workers) connected to the analyze queue right now. */
  readonly analyzers: number;
  /** The last error of a retrying batch, if any: usually the reason all of them retry. */
  readonly lastError: string | null;
}

/** Looks up each unfinished batch on the queue (once, when a wait gives up). */
export async function describePendingBatches(runtime: Runtime, jobIds: readonly string[]): Promise<PendingBatches> {
  let waiting = 0;
  let active = 0;
  let retrying = 0;
  let lastError: string | null = null;
  for (const jobId of jobIds) {
    const job = (await runtime.queues.analyze.getJob(jobId)) as Job<AnalyzeJob> | undefined;
    if (!job) continue;
    const state = await job.getState();
    if (state === 'active') active += 1;
    else if (state === 'delayed' || (job.attemptsMade > 0 && state === 'waiting')) {
      retrying += 1;
      lastError = job.failedReason || lastError;
    } else if (state === 'waiting' || state === 'prioritized') waiting += 1;
  }
  const analyzers = await runtime.queues.analyze.getWorkersCount();
  return { waiting, active, retrying, analyzers, lastError };
}
