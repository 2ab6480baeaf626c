import { QueueEvents, type Queue } from 'bullmq';
import type { RedisClient } from './redis-connection.js';

/**
 * Listens to a queue's events from the moment of this call. BullMQ's default start ("$") means
 * "from whenever the first blocking read reaches Redis", which on a busy box comes well after
 * `waitUntilReady()`: a job that finished in between was lost to a waiter that had already found
 * it unfinished, and the waiter hung. Taking the stream's last id first closes that gap, so state
 * checks (or new jobs) that follow this call can never fall between the two.
 */
export async function listenToQueueEvents(redis: RedisClient, queue: Queue): Promise<QueueEvents> {
  const [latest] = await redis.xrevrange(queue.keys.events!, '+', '-', 'COUNT', 1);
  // QueueEvents blocks a connection of its own: it duplicates the one it is given, and closes that.
  const events = new QueueEvents(queue.name, { connection: redis, prefix: queue.opts.prefix, lastEventId: latest?.[0] ?? '0-0' });
  events.on('error', () => undefined);
  await events.waitUntilReady();
  return events;
}
