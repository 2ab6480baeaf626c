import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../../src/config/index.js';
import { parseRedisUrl, redactRedisUrl } from '../../../src/queue/index.js';

describe('REDIS_URL: one server or a Redis Cluster', () => {
  it('passes a redis:// or rediss:// URL through as one server, password hidden in messages', () => {
    expect(parseRedisUrl('redis://:secret@127.0.0.1:6379/2')).toEqual({
      kind: 'server',
      url: 'redis://:secret@127.0.0.1:6379/2',
      where: 'redis://:***@127.0.0.1:6379/2',
    });
  });

  it('reads redis+cluster:// as seed nodes with shared credentials', () => {
    expect(parseRedisUrl('redis+cluster://app:s%40cret@10.0.0.1:7000, 10.0.0.2:7001,[::1]:7002')).toEqual({
      kind: 'cluster',
      seeds: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: '::1', port: 7002 },
      ],
      username: 'app',
      password: 's@cret',
      tls: false,
      where: 'redis+cluster://app:***@10.0.0.1:7000, 10.0.0.2:7001,[::1]:7002',
    });
    expect(parseRedisUrl('rediss+cluster://cache.example.org:6379/')).toMatchObject({
      kind: 'cluster',
      tls: true,
      seeds: [{ host: 'cache.example.org', port: 6379 }],
    });
  });

  it('refuses a cluster URL without host:port seeds, without echoing its password', () => {
    for (const url of ['redis+cluster://:pw@10.0.0.1', 'redis+cluster://10.0.0.1:7000,', 'redis+cluster://10.0.0.1:99999', 'redis+cluster://10.0.0.1:7000/0']) {
      expect(() => parseRedisUrl(url), url).toThrow(/REDIS_URL .*host:port/);
      expect(() => parseRedisUrl(url)).not.toThrow(/pw@/);
    }
    expect(redactRedisUrl('redis+cluster://:pw@10.0.0.1')).toBe('(unparseable URL)');
  });

  it('is accepted by the environment schema', () => {
    expect(loadEnv({ REDIS_URL: 'redis+cluster://127.0.0.1:7000,127.0.0.1:7001' }).REDIS_URL).toBe('redis+cluster://127.0.0.1:7000,127.0.0.1:7001');
    expect(() => loadEnv({ REDIS_URL: 'http://127.0.0.1:7000' })).toThrow(/REDIS_URL/);
  });
});
