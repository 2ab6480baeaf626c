import { startAnalyzer } from '../roles/index.js';
import type { Runtime } from '../runtime/index.js';

export interface OwnAnalyzer {
  /** Stops taking batches and lets the one in hand finish, so nobody waits on a batch we abandoned. */
  stop(): Promise<void>;
}

/**
 * Runs an analyzer in this process while it waits for its batches. Always, not only when the
 * queue has none: another process's analyzer may leave (its own import done) at any moment, and
 * an extra worker on a shared queue costs nothing but a Redis connection.
 */
export function startOwnAnalyzer(runtime: Runtime): OwnAnalyzer {
  const worker = startAnalyzer(runtime);
  return {
    stop: async () => {
      // Past its lock time a batch counts as stalled and another analyzer takes it over, so
      // waiting longer than that for the batch in hand would gain nothing.
      let timer: NodeJS.Timeout | undefined;
      const lockExpiry = new Promise<void>((resolve) => (timer = setTimeout(resolve, runtime.env.PLACEWATCH_JOB_LOCK_MS)));
      await Promise.race([worker.close().catch(() => undefined), lockExpiry]);
      clearTimeout(timer);
    },
  };
}

/** Runs `work` with this process's own analyzer on the queue when `enabled`, and stops it cleanly afterwards. */
export async function withOwnAnalyzer<T>(runtime: Runtime, enabled: boolean, work: (running: boolean) => Promise<T>): Promise<T> {
  const analyzer = enabled ? startOwnAnalyzer(runtime) : null;
  try {
    return await work(analyzer !== null);
  } finally {
    await analyzer?.stop();
  }
}
