import { durationToMs, type FeedConfig } from '../config/index.js';
import { isPolledFeed } from '../feeds/index.js';
import type { Queues } from '../queue/index.js';

/**
 * Keeps exactly one BullMQ job scheduler per enabled polled feed, at the feed's interval, and removes the
 * schedulers of feeds that were disabled or deleted. Safe to call from every process at start.
 */
export async function scheduleFeeds(queues: Queues, feeds: readonly FeedConfig[]): Promise<void> {
  const wanted = new Set<string>();
  for (const feed of feeds) {
    // Webhook and Jetstream feeds are pushed or streamed, not polled.
    if (!feed.enabled || !isPolledFeed(feed)) continue;
    const id = schedulerId(feed.name);
    wanted.add(id);
    await queues.poll.upsertJobScheduler(
      id,
      { every: durationToMs(feed.interval) },
      { name: 'poll', data: { feed: feed.name }, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } } },
    );
  }
  for (const scheduler of await queues.poll.getJobSchedulers(0, -1)) {
    const id = scheduler.key;
    if (id && !wanted.has(id)) await queues.poll.removeJobScheduler(id);
  }
}

function schedulerId(feedName: string): string {
  return `feed-${feedName}`;
}
