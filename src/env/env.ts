import { z } from 'zod';
import { PlacewatchError } from '../errors.js';

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')
    .optional(),
  /**
   * One server (`redis://`, `rediss://`) or a Redis Cluster by some of its nodes
   * (`redis+cluster://host:port,host:port`, TLS `rediss+cluster://`); see queue/redis-url.ts.
   */
  REDIS_URL: z
    .string()
    .regex(/^rediss?(\+cluster)?:\/\//, 'expected a redis://, rediss:// or redis+cluster://host:port,host:port URL')
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where embedded PGlite keeps its files when DATABASE_URL is unset. */
  PLACEWATCH_DATA_DIR: z.string().default('./data'),
  /** Queue key prefix; the braces make a Redis Cluster hash tag so all queue keys share a slot. */
  PLACEWATCH_QUEUE_PREFIX: z
    .string()
    .regex(/^\{[A-Za-z0-9:_-]+\}$/, 'expected a hash-tagged prefix like "{placewatch}"')
    .default('{placewatch}'),
  PLACEWATCH_PUBLIC_URL: z.string().url().optional(),
  /**
   * How long a worker holds a job before others may take it over (BullMQ lock and stalled-check
   * interval). A crashed worker's job is retried after about this long.
   */
  /** `1` behind a TLS-terminating reverse proxy: client addresses (rate limits) come from X-Forwarded-For. */
  PLACEWATCH_TRUST_PROXY: z.enum(['0', '1']).default('0'),
  /** Key (any passphrase) for secrets stored in the database, such as subscription webhook secrets. */
  PLACEWATCH_SECRET_KEY: z.string().min(16, 'use at least 16 characters').optional(),
  PLACEWATCH_JOB_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /**
   * Batches one analyzer process works on at once. A batch spends most of its time waiting on
   * Redis and Postgres round trips, so several in flight keep the core busy; they are safe together
   * as separate processes are (incident locks in a fixed order, posts keyed by feed and id).
   */
  PLACEWATCH_ANALYZER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /**
   * Hosts or CIDR ranges feeds and webhooks may reach although private (on-premise sources, tests):
   * comma-separated, e.g. "127.0.0.1,10.20.0.0/16". Empty by default: private addresses are refused.
   */
  /**
   * What a starting process does with config/ YAML that Postgres does not know yet: store and
   * activate it (config as code), store it as a draft, or ignore it. See config-versions/startup-config.ts.
   */
  PLACEWATCH_CONFIG_SYNC: z.enum(['activate', 'draft', 'off']).default('activate'),
  /** How often each process re-reads the active config version, should a reload announcement be lost. */
  PLACEWATCH_CONFIG_POLL_MS: z.coerce.number().int().min(200).max(600_000).default(5_000),
  /** The only directory `kind: file` feeds may read from; their paths are relative to it. */
  PLACEWATCH_IMPORT_DIR: z.string().default('./import'),
  PLACEWATCH_ALLOW_PRIVATE: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
});
export type Env = z.infer<typeof envSchema>;

/** Names of the server's own settings: config may never read them, whatever their prefix. */
export const SERVER_SETTING_NAMES: ReadonlySet<string> = new Set(Object.keys(envSchema.shape));

/** Validates the environment; a bad variable stops start-up with its name and the reason. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    // The environment is flat: an issue's path is the one variable it concerns.
    const lines = result.error.issues.map((i) => `environment: ${i.path.map(String).join('.')}: ${i.message}`);
    throw new PlacewatchError('ENV_INVALID', lines.join('\n'));
  }
  return result.data;
}
