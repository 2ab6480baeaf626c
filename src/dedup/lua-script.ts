import { createHash } from 'node:crypto';
import type { RedisClient } from '../queue/index.js';

/**
 * A Lua script run by its SHA (EVALSHA), loaded by the first EVAL where the server lacks it: the
 * body is sent and hashed once per server, not on every call. Replies keep their raw bytes.
 */
export class LuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: RedisClient, keys: readonly string[], args: ReadonlyArray<string | Buffer | number>): Promise<unknown> {
    try {
      return await redis.callBuffer('evalsha', [this.sha, keys.length, ...keys, ...args]);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.callBuffer('eval', [this.source, keys.length, ...keys, ...args]);
    }
  }
}
