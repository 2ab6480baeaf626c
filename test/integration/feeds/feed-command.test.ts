import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { feedFixture, runFeedCommand } from '../../helpers/run-feed-command.js';
import { readFixture } from '../../unit/feeds/fixture-path.js';

const fixture = feedFixture;
const run = runFeedCommand;

const lines = (text: string) => text.trim().split('\n').filter(Boolean);

afterEach(() => vi.restoreAllMocks());

describe('placewatch feed parse', () => {
  it('prints one JSON line per post and a summary with each skipped item on stderr', async () => {
    const { stdout, stderr, error } = await run('parse', '--kind', 'rss', fixture('rss/malformed-items.xml'));
    expect(error).toBeUndefined();
    const posts = lines(stdout).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(posts).toHaveLength(2);
    expect(Object.keys(posts[0]!).slice(0, 5)).toEqual(['id', 'text', 'author', 'published_at', 'url']);
    expect(posts[0]).toMatchObject({ id: 'https://mixed.example.org/1', text: 'First good item', published_at: '2024-05-08T10:00:00.000Z' });
    expect(lines(stderr)).toEqual([
      'skipped item at position 2: unreadable publication time "sometime last week"',
      'skipped item at position 3: item is not an element',
      'skipped item at position 4: no text and no media',
      'parsed 2 posts, skipped 3 items',
    ]);
  });

  it('streams a CSV import with --kind file', async () => {
    const { stdout, stderr } = await run('parse', '--kind', 'file', fixture('file/posts.csv'));
    expect(lines(stdout).map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['p-1', 'p-2', 'p-5']);
    expect(lines(stderr).at(-1)).toBe('parsed 3 posts, skipped 2 items');
  });

  it('fails the whole payload with one error line when it cannot be parsed', async () => {
    const { stdout, error } = await run('parse', '--kind', 'rss', fixture('rss/doctype.xml'));
    expect(stdout).toBe('');
    expect(error).toMatchObject({ code: 'FEED_PARSE_FAILED' });
    expect((error as Error).message).not.toContain('\n');
  });

  it('rejects an unknown kind and a missing file', async () => {
    expect((await run('parse', '--kind', 'gopher', fixture('rss/rdf.xml'))).error).toMatchObject({ code: 'INPUT_INVALID' });
    expect((await run('parse', '--kind', 'rss', fixture('rss/none.xml'))).error).toMatchObject({ code: 'INPUT_INVALID' });
  });
});

describe('placewatch feed test', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const body = readFixture('rss/nitter-like.xml');
    server = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rss`;
  });
  afterAll(() => server.close());

  it('fetches once and prints the posts when the private host is allowed', async () => {
    const { stdout, stderr, error } = await run('test', '--kind', 'rss', '--url', url, '--allow-private');
    expect(error).toBeUndefined();
    expect(lines(stdout)).toHaveLength(3);
    expect(lines(stderr).at(-1)).toBe('parsed 3 posts, skipped 0 items');
  });

  it('refuses the private host without --allow-private', async () => {
    const { error } = await run('test', '--kind', 'rss', '--url', url);
    expect(error).toMatchObject({ code: 'FEED_BLOCKED_ADDRESS' });
  });
});
