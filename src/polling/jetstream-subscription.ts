import { randomUUID } from 'node:crypto';
import type { Queues, RedisClient } from '../queue/index.js';
import type { Kysely } from 'kysely';
import type WebSocket from 'ws';
import type { FeedConfigOf } from '../config/index.js';
import type { Database } from '../db/index.js';
import { errorMessage } from '../errors.js';
import { eventTimeUs, jetstreamEventToDraft, openJetstreamSocket, collectPosts } from '../feeds/index.js';
import { findBlockedAddress } from '../net/index.js';
import type { Logger } from '../runtime/index.js';
import { enqueuePosts } from './enqueue-posts.js';
import { loadFeedState, recordPollFailure, recordPollSuccess } from './feed-repository.js';
import { openFeedAlert, resolveFeedAlert } from './feed-health.js';
import { FAILING_AFTER_FAILURES } from './feed-health-rules.js';

type JetstreamFeed = FeedConfigOf<'bluesky'>;

export interface JetstreamDeps {
  readonly db: Kysely<Database>;
  readonly queues: Queues;
  readonly redis: RedisClient;
  readonly prefix: string;
  readonly logger: Logger;
  readonly allowPrivate: readonly string[];
}

export interface JetstreamOptions {
  /** Flush (enqueue + save cursor) after this many events or this long, whichever comes first. */
  readonly flushEvents?: number;
  readonly flushIntervalMs?: number;
  /** On reconnect, replay this much before the saved cursor: Jetstream time_us can arrive out of order. */
  readonly rewindUs?: number;
  readonly leaseMs?: number;
}

const MAX_BUFFERED = 5_000;
// Renews the lease only while this process still holds it.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * A long-running Jetstream subscriber for one bluesky feed (mode: jetstream), run by the poller
 * role. Events are buffered and flushed as analyze batches; the time_us cursor is saved in
 * feed_state only after its batch is enqueued, so a crash replays events and never skips them.
 * A Redis lease makes one poller process in the fleet hold each subscription.
 */
export class JetstreamSubscription {
  private socket: WebSocket | null = null;
  private buffer: unknown[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private leaseTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private failures = 0;
  private readonly token = randomUUID();
  private readonly log: Logger;
  private readonly keywords: string[];

  constructor(
    private readonly deps: JetstreamDeps,
    readonly feed: JetstreamFeed,
    private readonly options: JetstreamOptions = {},
  ) {
    this.log = deps.logger.child({ feed: feed.name });
    this.keywords = (feed.keywords ?? []).map((k) => k.toLocaleLowerCase());
  }

  private get leaseKey(): string {
    return `${this.deps.prefix}:jetstream-lease:${this.feed.name}`;
  }

  /** Starts trying to hold the lease and subscribe; returns at once. */
  start(): void {
    void this.loop();
  }

  /** Flushes what is buffered, closes the socket and releases the lease. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    this.socket?.terminate();
    await this.flush();
    await this.deps.redis.eval(RELEASE, 1, this.leaseKey, this.token).catch(() => undefined);
  }

  private async loop(): Promise<void> {
    const leaseMs = this.options.leaseMs ?? 30_000;
    while (!this.stopped) {
      if (!(await this.takeLease(leaseMs))) {
        await sleep(leaseMs / 3);
        continue;
      }
      this.leaseTimer = setInterval(() => {
        void this.deps.redis.eval(RENEW, 1, this.leaseKey, this.token, String(leaseMs)).then(
          (kept) => {
            if (kept !== 1) {
              this.log.warn('jetstream lease lost; closing');
              this.socket?.terminate();
            }
          },
          () => undefined,
        );
      }, leaseMs / 3);
      try {
        await this.runOnce();
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        const message = errorMessage(error);
        this.log.error({ err: message, failures: this.failures }, 'jetstream connection failed');
        const wait = Math.min(60_000, 1_000 * 2 ** Math.min(this.failures, 6)) * (0.5 + Math.random() / 2);
        // The alert first: whoever reads the failure count then also sees why the feed is down.
        await this.raiseFailing(error, message).catch(() => undefined);
        await recordPollFailure(this.deps.db, this.feed.name, message, new Date(Date.now() + wait)).catch(() => undefined);
        if (!this.stopped) await sleep(wait);
      } finally {
        if (this.leaseTimer) clearInterval(this.leaseTimer);
      }
    }
  }

  /**
   * Takes the lease, or keeps it when this subscription still holds it: after a failed connection the
   * retry must not wait out its own lease (the feed looked healthy meanwhile).
   */
  private async takeLease(leaseMs: number): Promise<boolean> {
    const taken = await this.deps.redis.set(this.leaseKey, this.token, 'PX', leaseMs, 'NX').catch(() => null);
    if (taken === 'OK') return true;
    return (await this.deps.redis.eval(RENEW, 1, this.leaseKey, this.token, String(leaseMs)).catch(() => 0)) === 1;
  }

  /**
   * Opens the feed's "failing" alert, as polled feeds do: at once when the address policy refused the
   * connection (retrying cannot fix configuration), else after FAILING_AFTER_FAILURES in a row.
   */
  private async raiseFailing(error: unknown, message: string): Promise<void> {
    const refused = findBlockedAddress(error) !== null;
    if (!refused && this.failures < FAILING_AFTER_FAILURES) return;
    const detail = refused ? `connection refused by the address policy: ${message}` : `${this.failures} connections failed in a row; last error: ${message}`;
    const opened = await openFeedAlert(this.deps.db, this.feed.name, 'failing', detail.slice(0, 400));
    if (opened) this.log.warn({ failures: this.failures }, 'feed alert raised');
  }

  /** One connection, from open to close; resolves on a clean close, rejects on an error. */
  private async runOnce(): Promise<void> {
    const state = await loadFeedState(this.deps.db, this.feed.name);
    const saved = typeof state.cursor.timeUs === 'number' ? state.cursor.timeUs : null;
    const rewind = this.options.rewindUs ?? 2_000_000;
    const socket = openJetstreamSocket(this.feed, saved === null ? null : Math.max(0, saved - rewind), this.deps.allowPrivate);
    this.socket = socket;
    this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs ?? 1_000);
    try {
      await new Promise<void>((resolve, reject) => {
        socket.on('open', () => this.log.info({ cursor: saved }, 'jetstream connected'));
        socket.on('message', (data: Buffer, isBinary: boolean) => this.receive(data, isBinary));
        socket.on('error', (error) => reject(error));
        socket.on('close', (code, reason) => {
          if (this.stopped || code === 1000) resolve();
          else reject(new Error(`jetstream closed (${code}${reason.length ? `: ${reason.toString().slice(0, 100)}` : ''})`));
        });
      });
    } finally {
      if (this.timer) clearInterval(this.timer);
      socket.removeAllListeners();
      socket.terminate();
      this.socket = null;
      await this.flush();
    }
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (isBinary) return; // Jetstream sends JSON text; zstd frames are only sent when asked for
    let event: unknown;
    try {
      event = JSON.parse(data.toString('utf8'));
    } catch {
      this.log.warn({ bytes: data.length }, 'jetstream message skipped: not JSON');
      return;
    }
    this.buffer.push(event);
    if (this.buffer.length >= (this.options.flushEvents ?? 200)) void this.flush();
    if (this.buffer.length >= MAX_BUFFERED) this.socket?.pause(); // enqueue is behind: stop reading
  }

  /** Enqueues the buffered events' posts, then saves the newest time_us; serialised. */
  flush(): Promise<void> {
    this.flushing = this.flushing
      .then(() => this.flushNow())
      .catch((error) => {
        this.log.error({ err: errorMessage(error) }, 'jetstream flush failed; events will be replayed');
        // The cursor was not saved: reconnecting replays from the last saved one.
        this.socket?.terminate();
      });
    return this.flushing;
  }

  private async flushNow(): Promise<void> {
    if (this.buffer.length === 0) return;
    const events = this.buffer;
    this.buffer = [];
    let newest: number | null = null;
    for (const event of events) {
      const t = eventTimeUs(event);
      if (t !== null && (newest === null || t > newest)) newest = t;
    }
    const parsed = collectPosts(events, this.feed.name, (event) => jetstreamEventToDraft(event, this.feed.lang ?? null));
    const posts = parsed.posts.filter((p) => this.wanted(p.text, p.deleted));
    for (const item of parsed.skipped) this.log.warn({ position: item.position, reason: item.reason }, 'feed item skipped');
    if (posts.length > 0) await enqueuePosts(this.deps.queues, this.feed.name, posts);
    const lastPostAt = posts.reduce<Date | null>((max, p) => {
      const at = new Date(p.publishedAt);
      return !max || at > max ? at : max;
    }, null);
    const state = await loadFeedState(this.deps.db, this.feed.name);
    await recordPollSuccess(this.deps.db, this.feed.name, {
      cursor: { ...state.cursor, ...(newest !== null ? { timeUs: newest } : {}) },
      posts: posts.length,
      skipped: parsed.skipped.length,
      lastPostAt,
    });
    await resolveFeedAlert(this.deps.db, this.feed.name, 'failing');
    if (posts.length > 0) await resolveFeedAlert(this.deps.db, this.feed.name, 'silent');
    this.socket?.resume();
  }

  /**
   * Keyword filter: the firehose is far too large to analyse whole. Without keywords (a dids-only
   * subscription) deletions pass as markers; with keywords they cannot be matched and are dropped.
   */
  private wanted(text: string, deleted: boolean): boolean {
    if (this.keywords.length === 0) return true;
    if (deleted) return false;
    const lower = text.toLocaleLowerCase();
    return this.keywords.some((k) => lower.includes(k));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
