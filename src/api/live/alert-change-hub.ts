import type { RedisClient } from '../../queue/index.js';
import { alertChangesChannel, listAlertsChangedSince, listSilencesExpiredBetween, type AlertRow } from '../../alerts/index.js';
import { errorMessage } from '../../errors.js';
import type { Runtime } from '../../runtime/index.js';

/** What live views are told: an alert changed, or a silence ended (its alerts show again). */
export type LiveChange = { readonly type: 'alert'; readonly alert: AlertRow } | { readonly type: 'silence_ended' | 'silence_changed'; readonly id: string };

export interface HubOptions {
  /** How often alerts.updated_at is polled; pub/sub makes most changes arrive sooner. */
  readonly pollMs?: number;
  /** How far back each poll looks: covers clock skew between processes and long transactions. */
  readonly lookbackMs?: number;
}

/**
 * One per API process: learns of alert changes from any process (the analyzer included) by polling
 * `alerts.updated_at`, woken early by Redis pub/sub, and fans them out to subscribers (SSE streams).
 * Polling alone is correct; pub/sub only shortens the delay, so a lost message is harmless.
 */
export class AlertChangeHub {
  private readonly listeners = new Set<(change: LiveChange) => void>();
  private readonly seen = new Map<string, number>();
  private subscriber: RedisClient | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private primed = false;
  private lastTick = new Date();
  private stopped = false;

  constructor(
    private readonly runtime: Runtime,
    private readonly options: HubOptions = {},
  ) {}

  /** Starts polling and listening; safe to call once per process. */
  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.wake(), this.options.pollMs ?? 1_000);
    this.timer.unref();
    try {
      this.subscriber = this.runtime.redis.duplicate();
      this.subscriber.on('error', (error) => this.runtime.logger.warn({ err: errorMessage(error) }, 'live updates: redis subscriber error'));
      this.subscriber.on('message', (_channel: string, message: string) => this.onMessage(message));
      await this.subscriber.subscribe(alertChangesChannel(this.runtime.queuePrefix));
    } catch (error) {
      this.runtime.logger.warn({ err: errorMessage(error) }, 'live updates: pub/sub unavailable, polling only');
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.listeners.clear();
    this.subscriber?.disconnect();
    await this.running;
  }

  /** Tells every API process that a silence was created or ended early (views re-filter). */
  async announceSilence(id: string): Promise<void> {
    const sent = await this.runtime.redis.publish(alertChangesChannel(this.runtime.queuePrefix), JSON.stringify({ silence: id })).catch(() => 0);
    if (!sent || !this.subscriber) this.emit({ type: 'silence_changed', id });
  }

  private onMessage(message: string): void {
    try {
      const parsed = JSON.parse(message) as { silence?: unknown };
      if (typeof parsed.silence === 'string') this.emit({ type: 'silence_changed', id: parsed.silence });
    } catch {
      // Not ours to judge: any message is a reason to poll.
    }
    void this.wake();
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (change: LiveChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** Runs a poll now, or right after the one in flight (never two at once). */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.tick().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.wake();
      }
    });
    return this.running;
  }

  private async tick(): Promise<void> {
    const now = new Date();
    const lookback = this.options.lookbackMs ?? 120_000;
    try {
      const rows = await listAlertsChangedSince(this.runtime.database.db, new Date(now.getTime() - lookback));
      const ended = this.primed ? await listSilencesExpiredBetween(this.runtime.database.db, this.lastTick, now) : [];
      for (const row of rows) {
        const stamp = new Date(row.updated_at).getTime();
        if (this.seen.get(row.id) === stamp) continue;
        this.seen.set(row.id, stamp);
        // The first poll only learns what exists; announcing it would replay two minutes of history.
        if (this.primed) this.emit({ type: 'alert', alert: row });
      }
      for (const id of ended) this.emit({ type: 'silence_ended', id });
      for (const [id, stamp] of this.seen) if (stamp < now.getTime() - lookback * 2) this.seen.delete(id);
      this.primed = true;
      this.lastTick = now;
    } catch (error) {
      this.runtime.logger.warn({ err: errorMessage(error) }, 'live updates: poll failed, retrying');
    }
  }

  private emit(change: LiveChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.runtime.logger.warn({ err: errorMessage(error) }, 'live updates: listener failed');
      }
    }
  }
}
