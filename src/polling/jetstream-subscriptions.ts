import type { FeedConfig, FeedConfigOf } from '../config/index.js';
import { JetstreamSubscription, type JetstreamDeps, type JetstreamOptions } from './jetstream-subscription.js';

type JetstreamFeed = FeedConfigOf<'bluesky'>;

function jetstreamFeeds(feeds: readonly FeedConfig[]): JetstreamFeed[] {
  return feeds.filter((f): f is JetstreamFeed => f.kind === 'bluesky' && f.mode === 'jetstream' && f.enabled);
}

/**
 * The Jetstream subscriptions a poller process runs, kept in line with the config: started for new
 * jetstream feeds, restarted when a feed's config changed, stopped when one is removed or disabled.
 */
export class JetstreamSubscriptions {
  private readonly running = new Map<string, { json: string; sub: JetstreamSubscription }>();

  constructor(
    private readonly deps: JetstreamDeps,
    private readonly options: JetstreamOptions = {},
  ) {}

  async reconcile(feeds: readonly FeedConfig[]): Promise<void> {
    const wanted = new Map(jetstreamFeeds(feeds).map((f) => [f.name, f]));
    for (const [name, entry] of this.running) {
      const feed = wanted.get(name);
      if (!feed || JSON.stringify(feed) !== entry.json) {
        this.running.delete(name);
        await entry.sub.stop();
      }
    }
    for (const [name, feed] of wanted) {
      if (this.running.has(name)) continue;
      const sub = new JetstreamSubscription(this.deps, feed, this.options);
      this.running.set(name, { json: JSON.stringify(feed), sub });
      sub.start();
    }
  }

  async stopAll(): Promise<void> {
    const all = [...this.running.values()];
    this.running.clear();
    await Promise.all(all.map((e) => e.sub.stop()));
  }
}
