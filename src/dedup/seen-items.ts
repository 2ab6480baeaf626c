import type { RedisClient } from '../queue/index.js';
import type { CanonicalPost } from '../feeds/index.js';

/**
 * Remembers source items already stored, in Redis with a TTL, so re-polls and overlapping feeds
 * are dropped before analysis without a database round trip. Marked only after the commit: a crash
 * in between re-analyses (the Postgres unique key absorbs it) instead of losing the post.
 */
export class SeenItems {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    /** A function is read at each marking, so a hot-reloaded `seen_ttl` applies at once. */
    private readonly ttlSeconds: number | (() => number),
  ) {}

  /** The subset of posts already seen. */
  async filterSeen(posts: readonly CanonicalPost[]): Promise<Set<CanonicalPost>> {
    if (posts.length === 0) return new Set();
    const flags = await this.redis.mget(posts.map((p) => this.key(p)));
    return new Set(posts.filter((_, i) => flags[i] !== null));
  }

  async markSeen(posts: readonly CanonicalPost[]): Promise<void> {
    if (posts.length === 0) return;
    const ttl = typeof this.ttlSeconds === 'function' ? this.ttlSeconds() : this.ttlSeconds;
    const pipeline = this.redis.pipeline();
    for (const post of posts) pipeline.set(this.key(post), '1', 'EX', ttl);
    await pipeline.exec();
  }

  /** Forgets posts, so that a retry of a post that failed is analysed instead of dropped as seen. */
  async forget(posts: ReadonlyArray<Pick<CanonicalPost, 'feed' | 'externalId'>>): Promise<void> {
    if (posts.length === 0) return;
    await this.redis.del(...posts.map((p) => this.key(p)));
  }

  private key(post: Pick<CanonicalPost, 'feed' | 'externalId'>): string {
    return `${this.prefix}:seen:${post.feed}:${post.externalId}`;
  }
}
