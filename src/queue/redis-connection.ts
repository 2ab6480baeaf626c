import { Redis, type RedisOptions } from 'ioredis';
import { PlacewatchError, errorMessage } from '../errors.js';
import { redactUrl } from '../db/index.js';

/**
 * Opens a Redis connection for BullMQ (which needs `maxRetriesPerRequest: null`) and proves it:
 * an unreachable server fails in seconds with a clear message instead of retrying forever, and a
 * server that may evict keys (and so silently lose jobs) is refused.
 */
export async function connectRedis(url: string, options: RedisOptions = {}): Promise<Redis> {
  const where = redactUrl(url);
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 5_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  let lastError: unknown;
  probe.on('error', (error) => (lastError = error));
  try {
    await probe.connect();
    await assertNoEviction(probe, where);
  } catch (error) {
    if (error instanceof PlacewatchError) throw error;
    // The socket error (ECONNREFUSED, ENOTFOUND…) says more than "Connection is closed".
    throw new PlacewatchError('REDIS_UNREACHABLE', `cannot reach Redis at ${where}: ${describe(lastError ?? error)}`, { where });
  } finally {
    probe.disconnect();
  }
  const connection = new Redis(url, { maxRetriesPerRequest: null, connectTimeout: 5_000, ...options });
  connection.on('error', () => undefined); // reported by BullMQ and by the readiness check
  return connection;
}

/** BullMQ requires `maxmemory-policy noeviction`: any other policy can drop queued jobs. */
async function assertNoEviction(redis: Redis, where: string): Promise<void> {
  const info = await redis.info('memory');
  const policy = /maxmemory_policy:(\S+)/.exec(info)?.[1];
  if (policy && policy !== 'noeviction') {
    throw new PlacewatchError(
      'REDIS_MISCONFIGURED',
      `Redis at ${where} has maxmemory-policy "${policy}"; placewatch needs "noeviction" so queued posts are never evicted (set it in redis.conf or with CONFIG SET maxmemory-policy noeviction)`,
      { where, policy },
    );
  }
}

function describe(error: unknown): string {
  const code = (error as { code?: string })?.code;
  const message = errorMessage(error);
  return code && !message.includes(code) ? `${message} (${code})` : message || String(code);
}
