import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from './redis-connection.js';

/**
 * Deletes every key under `prefix` (a test run's or a benchmark's own keys), scanning in chunks.
 * SCAN sees one server's keys only, so on a Redis Cluster every master is scanned.
 */
export async function deleteKeysWithPrefix(redis: RedisClient, prefix: string): Promise<void> {
  const servers = redis instanceof Cluster ? redis.nodes('master') : [redis];
  for (const server of servers) await deleteFromServer(server, prefix);
}

async function deleteFromServer(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    // One DEL per key: keys under a prefix may hash to different slots unless it is a hash tag.
    if (keys.length > 0) await Promise.all(keys.map((key) => redis.del(key)));
  } while (cursor !== '0');
}
