import type { RedisClient } from '../queue/index.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { errorMessage } from '../errors.js';
import type { ActiveConfigHolder } from './active-config.js';
// pino's type, not runtime's re-export: runtime builds on config-versions, so this module must not import it back.
import type { Logger } from 'pino';
import { findActiveVersionId } from './config-version-repository.js';
import { loadVersionConfig } from './config-versions.js';
import { reloadChannel } from './config-reload-channel.js';

export interface ConfigReloaderDeps {
  readonly db: Kysely<Database>;
  /** The process's main connection; the reloader subscribes on a duplicate of it. */
  readonly redis: RedisClient;
  readonly prefix: string;
  readonly holder: ActiveConfigHolder;
  readonly logger: Logger;
  /** Directory relative paths in the config (the model file) resolve against. */
  readonly configDir: string;
  /** The version the holder starts with. */
  readonly initialVersionId: number;
  /** Fallback poll of the active version, for announcements lost while disconnected. */
  readonly pollMs?: number;
}

/**
 * Keeps a process on the active config version: an activation is announced on Redis pub/sub and
 * every process loads, compiles and swaps it in at once (workers pick it up at their next batch);
 * a slow poll of Postgres catches any announcement missed while Redis was away.
 */
export class ConfigReloader {
  private currentId: number;
  private subscriber: RedisClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: ConfigReloaderDeps) {
    this.currentId = deps.initialVersionId;
  }

  /** The version number the holder currently scores with. */
  get versionId(): number {
    return this.currentId;
  }

  /** Subscribes and starts polling; resolves once the subscription is live. */
  async start(): Promise<void> {
    const subscriber = this.deps.redis.duplicate();
    subscriber.on('error', (error) => this.deps.logger.warn({ err: error.message }, 'config reload subscriber error'));
    subscriber.on('message', () => void this.check());
    await subscriber.subscribe(reloadChannel(this.deps.prefix));
    this.subscriber = subscriber;
    this.timer = setInterval(() => void this.check(), this.deps.pollMs ?? 5_000);
    this.timer.unref();
    // An activation between our start-up read and the subscription would otherwise wait for the poll.
    await this.check();
  }

  /** Loads the active version if it is not the one in use; checks never overlap. */
  check(): Promise<void> {
    this.chain = this.chain.then(() => this.reloadIfChanged()).catch(() => undefined);
    return this.chain;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.chain;
    if (this.subscriber) this.subscriber.disconnect();
  }

  private async reloadIfChanged(): Promise<void> {
    if (this.stopped) return;
    try {
      const activeId = await findActiveVersionId(this.deps.db);
      if (activeId === undefined || activeId === this.currentId) return;
      const started = Date.now();
      const config = await loadVersionConfig(this.deps.db, activeId, this.deps.configDir);
      // Compiles first, then swaps: a version that fails to compile leaves the old one running.
      this.deps.holder.replace(config);
      this.deps.logger.info({ from: this.currentId, to: activeId, ms: Date.now() - started }, 'config version reloaded');
      this.currentId = activeId;
    } catch (error) {
      this.deps.logger.error({ err: errorMessage(error) }, 'config reload failed; keeping the current version');
    }
  }
}
