import { randomBytes } from 'node:crypto';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/index.js';
import { deleteKeysWithPrefix } from '../../src/queue/index.js';
import { Redis } from 'ioredis';

/** The real servers tests run against; override with TEST_DATABASE_URL / TEST_REDIS_URL. */
export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A name unique to this test run and call, safe as a database name and a key prefix. */
export function uniqueName(label: string): string {
  const run = process.env.PLACEWATCH_TEST_RUN ?? 'local';
  return `pw_${run}_${label}_${randomBytes(3).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

export type TestDatabase = ScratchDatabase;

/** Creates an empty database of its own on the real Postgres server; `drop` removes it. */
export function createTestDatabase(label = 'db'): Promise<TestDatabase> {
  return createScratchDatabase(ADMIN_DATABASE_URL, uniqueName(label));
}

/** A hash-tagged queue prefix of its own, and a cleanup that deletes every key under it. */
export function createTestRedisPrefix(label = 'q'): { prefix: string; cleanup(): Promise<void> } {
  const prefix = `{${uniqueName(label)}}`;
  return {
    prefix,
    cleanup: async () => {
      const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
      try {
        await deleteKeysWithPrefix(redis, prefix);
      } finally {
        redis.disconnect();
      }
    },
  };
}

/** Environment for a runtime on the real servers with this database and prefix. */
export function testEnv(databaseUrl: string, prefix: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    PLACEWATCH_QUEUE_PREFIX: prefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    ...extra,
  };
}
