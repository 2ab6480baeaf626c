import { Command } from 'ioredis';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { connectRedis, type RedisClient } from '../../../src/queue/index.js';
import { ioredisToWritable, respBuffer } from '../../../src/queue/flat-command-writes.js';
import { createTestRedisPrefix, TEST_REDIS_URL } from '../../helpers/services.js';

/** ioredis's own writing of the command, for comparison. */
function ioredisBytes(name: string, args: Array<string | Buffer>): Buffer {
  const command = new Command(name, args);
  expect((command as unknown as { bufferMode?: boolean }).bufferMode).toBe(true);
  const written = ioredisToWritable.call(command, undefined);
  return Buffer.isBuffer(written) ? written : Buffer.from(written);
}

describe('commands carrying a Buffer are written from flat pieces', () => {
  it('gives the bytes ioredis gives, for Arabic, emoji, lone surrogates, empty and binary arguments', () => {
    const cases: Array<[string, Array<string | Buffer>]> = [
      ['evalsha', ['0123abcd', '2', 'bull:{q}:wait', Buffer.from([0x82, 0xa1, 0x61, 0x01]), JSON.stringify({ text: 'سنحرق دارة عزة 🔥' })]],
      ['set', ['k', Buffer.alloc(0), '']],
      ['hset', ['k', Buffer.from('v'), '42', 'x']],
      ['set', ['\u00e9t\u00e9', Buffer.from('x'), 'lone \ud800 surrogate \udc00']],
      ['ĥset', [Buffer.from([0, 13, 10]), 'a'.repeat(70_000) + 'دارة عزة'.repeat(5_000)]],
    ];
    for (const [name, args] of cases) {
      expect(respBuffer(name, args)).toEqual(ioredisBytes(name, args));
    }
  });

  it('is what a connection writes once connectRedis has run', async () => {
    const redis = await connectRedis(TEST_REDIS_URL);
    redis.disconnect();
    const command = new Command('set', ['k', Buffer.from('v')]);
    expect(command.toWritable(undefined as never)).toEqual(respBuffer('set', ['k', Buffer.from('v')]));
    expect(Command.prototype.toWritable).not.toBe(ioredisToWritable);
  });

  describe('on a real Redis', () => {
    const prefix = createTestRedisPrefix('flat-writes');
    let redis: RedisClient;
    afterAll(async () => {
      await prefix.cleanup();
      redis?.disconnect();
    });

    it('stores a BullMQ job of Arabic posts and reads it back unchanged', async () => {
      redis = await connectRedis(TEST_REDIS_URL);
      const queue = new Queue('flat', { connection: redis, prefix: prefix.prefix });
      const posts = Array.from({ length: 500 }, (_, i) => ({ id: `p${i}`, text: `سنحرق دارة عزة ${i} — we will burn it 🔥 \ud83d` }));
      const job = await queue.add('batch', { posts });
      const read = await queue.getJob(job.id!);
      expect(read?.data.posts).toEqual(JSON.parse(JSON.stringify(posts)));
      await queue.close();
    });
  });
});
