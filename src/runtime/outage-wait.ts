import { setTimeout as sleep } from 'node:timers/promises';
import { isConnectionLoss, type Dependency, type Readiness } from './readiness.js';

export interface OutageWaitOptions {
  readonly readiness: Readiness;
  readonly dependency: Dependency;
  /** A cheap request that succeeds once the server is back (`select 1`). */
  readonly probe: () => Promise<unknown>;
  /** Aborted at shutdown: the wait ends and the last connection error is thrown. */
  readonly signal?: AbortSignal;
  /** After this long the error is thrown and the job's own retries take over. */
  readonly maxWaitMs?: number;
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
}

/** Long enough for a failover or a restart; a longer outage falls back on the queue's retries. */
const DEFAULT_MAX_WAIT_MS = 10 * 60_000;

/**
 * Runs `work`; when it fails because its server was lost, marks the process not ready, probes the
 * server with bounded exponential backoff (250 ms doubling to 5 s) until it answers, and runs `work`
 * again. `work` must be idempotent (one transaction, upserts): the lost attempt may have committed.
 * An outage so spends no job attempt, so no batch fails for good because Postgres restarted.
 */
export async function retryThroughOutage<T>(work: () => Promise<T>, options: OutageWaitOptions): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!isConnectionLoss(error)) throw error;
      options.readiness.markDown(options.dependency, error);
      await waitUntilReachable(options, started, error);
    }
  }
}

async function waitUntilReachable(options: OutageWaitOptions, started: number, firstError: unknown): Promise<void> {
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  let delay = options.minDelayMs ?? 250;
  let lastError = firstError;
  for (;;) {
    if (options.signal?.aborted || Date.now() - started > maxWaitMs) throw lastError;
    await sleep(delay, undefined, { signal: options.signal }).catch(() => undefined);
    if (options.signal?.aborted) throw lastError;
    try {
      await options.probe();
      options.readiness.markUp(options.dependency);
      return;
    } catch (error) {
      if (!isConnectionLoss(error)) throw error;
      lastError = error;
    }
    delay = Math.min(delay * 2, options.maxDelayMs ?? 5_000);
  }
}
