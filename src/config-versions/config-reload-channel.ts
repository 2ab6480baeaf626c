import type { RedisClient } from '../queue/index.js';

/** The pub/sub channel on which activations are announced (under the deployment's queue prefix). */
export function reloadChannel(prefix: string): string {
  return `${prefix}:config:activated`;
}

/**
 * Tells every running process that version `id` is now active. Fire and forget: a process that
 * misses the message still finds the new version at its next poll.
 */
export async function announceActivation(redis: RedisClient, prefix: string, id: number): Promise<void> {
  await redis.publish(reloadChannel(prefix), JSON.stringify({ id, at: new Date().toISOString() }));
}
