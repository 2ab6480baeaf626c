import { loadConfig, loadEnv, type Env, type PlacewatchConfig } from '../config/index.js';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../db/index.js';
import { NearDuplicateIndex, SeenItems } from '../dedup/index.js';
import { durationToMs } from '../config/index.js';
import { ActiveConfigHolder, ConfigReloader, resolveStartupConfig } from '../config-versions/index.js';
import { connectRedis, openQueues, startEmbeddedRedis, type EmbeddedRedis, type Queues, type RedisClient } from '../queue/index.js';
import { createLogger, type Logger } from './logger.js';
import { Readiness } from './readiness.js';

/** Everything a role needs, opened once per process and closed in reverse order. */
export interface Runtime {
  readonly env: Env;
  readonly logger: Logger;
  readonly config: ActiveConfigHolder;
  readonly database: DatabaseHandle;
  readonly redis: RedisClient;
  readonly queuePrefix: string;
  readonly queues: Queues;
  readonly seen: SeenItems;
  readonly nearDuplicates: NearDuplicateIndex;
  readonly publicUrl: string;
  /** Not ready while Postgres or Redis is lost; workers wait for them instead of exiting. */
  readonly readiness: Readiness;
  /** Aborted when `close` begins, so waits for a lost server end at shutdown. */
  readonly shutdown: AbortSignal;
  /** Closes queues, Redis, the database and the embedded Redis child, within `timeoutMs`. */
  close(timeoutMs?: number): Promise<void>;
  /** Extra resources (workers, servers) closed before the runtime's own. */
  onClose(close: () => Promise<void>): void;
}

export interface RuntimeOptions {
  readonly configDir: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Apply pending migrations at start (the default; `start` and `migrate` want it). */
  readonly migrate?: boolean;
  readonly logLevel?: string;
  /** Told as each start-up step completes (`start` prints them on a terminal). */
  readonly onStep?: (step: StartupStep, detail: string) => void;
  /** Serve an embedded database to the CLI in other terminals while this runtime is open (`start`). */
  readonly serveEmbeddedDatabase?: boolean;
}

/** The steps of opening a runtime, in order. */
export type StartupStep = 'config' | 'database' | 'migrations' | 'redis' | 'active config';

/**
 * Opens config, Postgres (or embedded PGlite), Redis (or a private redis-server) and the queues,
 * failing fast with one clear error for each thing that is wrong.
 */
export async function openRuntime(options: RuntimeOptions): Promise<Runtime> {
  const env = loadEnv(options.env);
  // config/ is read first so a broken file fails start-up at once; Postgres then decides what is active.
  const yaml: PlacewatchConfig = loadConfig(options.configDir);
  const step = options.onStep ?? (() => undefined);
  step('config', `${yaml.dir} checked`);
  const logger = createLogger(options.logLevel ?? env.LOG_LEVEL);
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  };
  try {
    const database = await connectDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.PLACEWATCH_DATA_DIR });
    closers.push(() => database.close());
    step('database', database.where);
    if (options.migrate !== false) {
      const applied = await migrateToLatest(database.db);
      step('migrations', applied.length === 0 ? 'up to date' : `${applied.length} applied`);
    }

    let embedded: EmbeddedRedis | undefined;
    // A database served by a running `start` comes with its Redis: queue where its workers read.
    let redisUrl = env.REDIS_URL ?? database.sharedRedisUrl;
    if (!redisUrl) {
      embedded = await startEmbeddedRedis(env.PLACEWATCH_DATA_DIR);
      closers.push(() => embedded!.stop());
      redisUrl = embedded.url;
    }
    const redis = await connectRedis(redisUrl);
    closers.push(async () => void redis.disconnect());
    step('redis', embedded ? `private redis-server on ${embedded.url}` : 'connected');
    if (options.serveEmbeddedDatabase && database.serve) await database.serve({ redisUrl });
    // ioredis reconnects by itself (bounded backoff) and BullMQ resumes; readiness follows it.
    const readiness = new Readiness(logger);
    redis.on('error', (error) => readiness.markDown('redis', error));
    redis.on('ready', () => readiness.markUp('redis'));
    const queues = openQueues(redis, env.PLACEWATCH_QUEUE_PREFIX);
    closers.push(() => queues.close());

    // Workers score with the ACTIVE version in Postgres and follow every activation (hot reload).
    const announce = { redis, prefix: env.PLACEWATCH_QUEUE_PREFIX };
    const { config, versionId } = await resolveStartupConfig(database.db, yaml, { mode: env.PLACEWATCH_CONFIG_SYNC, logger, announce });
    const holder = new ActiveConfigHolder(config);
    const reloader = new ConfigReloader({
      db: database.db,
      redis,
      prefix: env.PLACEWATCH_QUEUE_PREFIX,
      holder,
      logger,
      configDir: yaml.dir,
      initialVersionId: versionId,
      pollMs: env.PLACEWATCH_CONFIG_POLL_MS,
    });
    await reloader.start();
    closers.push(() => reloader.stop());
    step('active config', `version ${config.version}`);

    // Dedup settings are read from the active version at each use, so they follow hot reload too.
    const dedup = () => holder.current.config.thresholds.dedup;
    const seen = new SeenItems(redis, env.PLACEWATCH_QUEUE_PREFIX, () => durationToMs(dedup().seen_ttl) / 1000);
    const nearDuplicates = new NearDuplicateIndex(redis, () => ({
      prefix: env.PLACEWATCH_QUEUE_PREFIX,
      windowMs: durationToMs(dedup().near_duplicate_window),
      similarity: dedup().near_duplicate_similarity,
    }));
    const publicUrl = env.PLACEWATCH_PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`;
    logger.info({ database: database.where, redis: embedded ? 'embedded' : 'external', configVersion: config.version }, 'runtime ready');
    const shutdown = new AbortController();
    return {
      env,
      logger,
      config: holder,
      database,
      redis,
      queuePrefix: env.PLACEWATCH_QUEUE_PREFIX,
      queues,
      seen,
      nearDuplicates,
      publicUrl,
      readiness,
      shutdown: shutdown.signal,
      onClose: (close) => closers.push(close),
      close: (timeoutMs = 10_000) => {
        shutdown.abort();
        return withDeadline(closeAll(), timeoutMs);
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** Shutdown must end even when a server is gone: after the deadline we stop waiting. */
async function withDeadline(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([work, deadline]);
  clearTimeout(timer);
}
