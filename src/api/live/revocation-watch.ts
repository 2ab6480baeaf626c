import type { RedisClient } from '../../queue/index.js';
import { parseRevocation, revocationChannel } from '../../auth/index.js';
import { errorMessage } from '../../errors.js';
import type { Runtime } from '../../runtime/index.js';

/**
 * Open live streams of this process, by user, told at once when any process announces that some of
 * that user's credentials were revoked (Redis pub/sub). Each stream then re-checks its own session
 * or token and closes if it is gone; the stream's heartbeat re-check covers a lost message and
 * revocations made without an announcement (the CLI, which has no Redis connection).
 */
export class RevocationWatch {
  private readonly byUser = new Map<number, Set<() => void>>();
  private subscriber: RedisClient | undefined;

  constructor(private readonly runtime: Runtime) {}

  async start(): Promise<void> {
    try {
      this.subscriber = this.runtime.redis.duplicate();
      this.subscriber.on('error', (error) => this.runtime.logger.warn({ err: errorMessage(error) }, 'revocations: redis subscriber error'));
      this.subscriber.on('message', (_channel: string, message: string) => this.onMessage(message));
      await this.subscriber.subscribe(revocationChannel(this.runtime.queuePrefix));
    } catch (error) {
      this.runtime.logger.warn({ err: errorMessage(error) }, 'revocations: pub/sub unavailable, streams re-check on heartbeat only');
    }
  }

  stop(): void {
    this.byUser.clear();
    this.subscriber?.disconnect();
  }

  /** Calls `recheck` whenever the user's credentials change; returns the function that stops it. */
  watch(userId: number, recheck: () => void): () => void {
    const set = this.byUser.get(userId) ?? new Set();
    set.add(recheck);
    this.byUser.set(userId, set);
    return () => {
      set.delete(recheck);
      if (set.size === 0 && this.byUser.get(userId) === set) this.byUser.delete(userId);
    };
  }

  private onMessage(message: string): void {
    const userId = parseRevocation(message);
    if (userId === undefined) return;
    for (const recheck of [...(this.byUser.get(userId) ?? [])]) recheck();
  }
}
