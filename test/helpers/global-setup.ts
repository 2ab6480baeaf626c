import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { Redis } from 'ioredis';
import { ADMIN_DATABASE_URL, TEST_REDIS_URL } from './services.js';

/**
 * Runs once per `vitest run`: gives the run an id that every integration test uses for its own
 * database names and Redis key prefixes (so concurrent runs never collide), and fails the run at
 * once when Postgres or Redis is missing — a missing service is never a silent skip.
 */
export default async function setup(): Promise<void> {
  process.env.PLACEWATCH_TEST_RUN = process.env.PLACEWATCH_TEST_RUN ?? randomBytes(4).toString('hex');
  mkdirSync('test-artifacts', { recursive: true });
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(`tests need PostgreSQL at ${ADMIN_DATABASE_URL} (set TEST_DATABASE_URL): ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`tests need Redis at ${TEST_REDIS_URL} (set TEST_REDIS_URL): ${(error as Error).message}`);
  } finally {
    redis.disconnect();
  }
}
