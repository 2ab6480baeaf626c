import type { RedisClient } from '../queue/index.js';
import type { CanonicalPost } from '../feeds/index.js';
import { LuaScript } from './lua-script.js';

/**
 * Sets each key to '1' with the TTL in ARGV[1] (seconds), as `SET key 1 EX ttl` one by one would: one
 * command for a batch instead of one per post, which the analyzer and Redis each parse and answer.
 * The keys share the prefix's hash tag, so the script is valid on Redis Cluster.
 */
const MARK_SEEN = new LuaScript(`for i = 1, #KEYS do
  redis.call('SET', KEYS[i], '1', 'EX', ARGV[1])
end
return #KEYS`);

/** Keys per script call: a batch's usual size is one call, and Redis is never blocked for long. */
const KEYS_PER_CALL = 1000;

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
    for (let i = 0; i < posts.length; i += KEYS_PER_CALL) {
      await MARK_SEEN.run(
        this.redis,
        posts.slice(i, i + KEYS_PER_CALL).map((p) => this.key(p)),
        [ttl],
      );
    }
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
