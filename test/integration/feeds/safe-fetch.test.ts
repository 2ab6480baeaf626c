import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGzip } from 'node:zlib';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPlacewatchError, type PlacewatchError } from '../../../src/errors.js';
import { FeedRateLimitedError } from '../../../src/feeds/http/fetch-errors.js';
import { createSafeAgent, parseAllowList } from '../../../src/net/index.js';
import { safeFetch, type SafeFetchOptions } from '../../../src/feeds/http/safe-fetch.js';
import { getAdapter } from '../../../src/feeds/index.js';

const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>خبر عاجل من البلدة</title><link>https://example.org/1</link><pubDate>Sat, 04 May 2024 08:15:00 GMT</pubDate></item>
</channel></rss>`;
const ETAG = '"v1"';
const LAST_MODIFIED = 'Sat, 04 May 2024 08:15:00 GMT';
const FIFTY_MB = 50 * 1024 * 1024;

let server: Server;
let base: string;
let gzipBomb: Buffer;
let bigBodyBytesSent = 0;

async function makeGzipBomb(decodedBytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => parts.push(chunk));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < decodedBytes; written += zeros.length) {
    if (!gzip.write(zeros)) await once(gzip, 'drain');
  }
  gzip.end();
  await once(gzip, 'end');
  return Buffer.concat(parts);
}

async function streamBigBody(res: ServerResponse): Promise<void> {
  // The same 64 KiB chunk over and over: 50 MB on the wire, never 50 MB in memory.
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(FIFTY_MB) });
  let closed = false;
  res.once('close', () => {
    closed = true;
    res.emit('drain'); // wake the writer below
  });
  for (let sent = 0; sent < FIFTY_MB && !closed; sent += chunk.length) {
    bigBodyBytesSent += chunk.length;
    if (!res.write(chunk) && !closed) await once(res, 'drain');
  }
  if (!res.destroyed) res.end();
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', base);
  switch (url.pathname) {
    case '/feed':
      if (req.headers['if-none-match'] === ETAG || req.headers['if-modified-since'] === LAST_MODIFIED) {
        res.writeHead(304, { etag: ETAG }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: ETAG, 'last-modified': LAST_MODIFIED });
      res.end(RSS);
      return;
    case '/rate-limited':
      res.writeHead(429, { 'retry-after': '120' }).end('slow down');
      return;
    case '/unavailable-until':
      res.writeHead(503, { 'retry-after': new Date(Date.now() + 90_000).toUTCString() }).end();
      return;
    case '/broken':
      res.writeHead(500).end('oops');
      return;
    case '/redirect':
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/feed' }).end();
      return;
    case '/loop':
      res.writeHead(301, { location: '/loop' }).end();
      return;
    case '/big':
      void streamBigBody(res);
      return;
    case '/gzip-bomb':
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(gzipBomb);
      return;
    case '/silent':
      return; // never answers
    case '/trickle': {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const timer = setInterval(() => res.write('<'), 100);
      res.on('close', () => clearInterval(timer));
      return;
    }
    default:
      res.writeHead(404).end();
  }
}

beforeAll(async () => {
  gzipBomb = await makeGzipBomb(FIFTY_MB);
  server = createServer(handle);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
});

const local: SafeFetchOptions = { feed: 'test-feed', allowPrivate: ['127.0.0.1'] };

async function failure(promise: Promise<unknown>): Promise<PlacewatchError> {
  try {
    await promise;
  } catch (error) {
    if (isPlacewatchError(error)) return error;
    throw error;
  }
  throw new Error('expected the fetch to fail');
}

describe('safeFetch against a local server', () => {
  it('returns the body with its validators, then notModified on a conditional GET (304)', async () => {
    const first = await safeFetch(`${base}/feed`, local);
    expect(first.status).toBe(200);
    expect(first.notModified).toBe(false);
    expect(first.body.toString('utf8')).toContain('خبر عاجل');
    expect(first.etag).toBe(ETAG);
    expect(first.lastModified).toBe(LAST_MODIFIED);

    const byEtag = await safeFetch(`${base}/feed`, { ...local, etag: first.etag });
    expect(byEtag).toMatchObject({ status: 304, notModified: true });
    expect(byEtag.body.length).toBe(0);
    const byDate = await safeFetch(`${base}/feed`, { ...local, lastModified: first.lastModified });
    expect(byDate.notModified).toBe(true);
  });

  it('turns 429 Retry-After seconds into a typed rate-limit error', async () => {
    const error = await failure(safeFetch(`${base}/rate-limited`, local));
    expect(error).toBeInstanceOf(FeedRateLimitedError);
    expect(error.code).toBe('FEED_RATE_LIMITED');
    expect((error as FeedRateLimitedError).retryAfterMs).toBe(120_000);
    expect(error.context).toMatchObject({ feed: 'test-feed', status: 429, retryAfterMs: 120_000 });
  });

  it('turns 503 Retry-After as an HTTP date into milliseconds from now', async () => {
    const error = await failure(safeFetch(`${base}/unavailable-until`, local));
    expect(error).toBeInstanceOf(FeedRateLimitedError);
    const wait = (error as FeedRateLimitedError).retryAfterMs!;
    expect(wait).toBeGreaterThan(80_000);
    expect(wait).toBeLessThanOrEqual(90_000);
  });

  it('reports other HTTP errors with the status, feed and URL', async () => {
    const error = await failure(safeFetch(`${base}/broken`, local));
    expect(error.code).toBe('FEED_FETCH_FAILED');
    expect(error.context).toMatchObject({ feed: 'test-feed', url: `${base}/broken`, status: 500, reason: 'http-status' });
  });

  it('follows a same-host redirect and reports the final URL', async () => {
    const result = await safeFetch(`${base}/redirect?to=/feed`, local);
    expect(result.url).toBe(`${base}/feed`);
    expect(result.redirects).toEqual([`${base}/feed`]);
  });

  it('refuses a redirect to a private address', async () => {
    const error = await failure(safeFetch(`${base}/redirect?to=${encodeURIComponent('http://10.1.2.3/feed')}`, local));
    expect(error.code).toBe('FEED_BLOCKED_ADDRESS');
    expect(error.context).toMatchObject({ category: 'private', url: 'http://10.1.2.3/feed' });
  });

  it('refuses a redirect to the cloud metadata address, literal or encoded, even when link-local is allowlisted', async () => {
    const allowLinkLocal = { ...local, allowPrivate: ['127.0.0.1', '169.254.0.0/16'] };
    for (const target of ['http://169.254.169.254/latest/meta-data/', 'http://2852039166/', 'http://0xA9.0xFE.0xA9.0xFE/']) {
      const error = await failure(safeFetch(`${base}/redirect?to=${encodeURIComponent(target)}`, allowLinkLocal));
      expect(error.code).toBe('FEED_BLOCKED_ADDRESS');
      expect(error.context.category).toBe('metadata');
    }
  });

  it('refuses a redirect to another loopback address not on the allowlist', async () => {
    const port = (server.address() as AddressInfo).port;
    const error = await failure(safeFetch(`${base}/redirect?to=${encodeURIComponent(`http://127.0.0.2:${port}/feed`)}`, local));
    expect(error.code).toBe('FEED_BLOCKED_ADDRESS');
  });

  it('gives up after 5 redirects', async () => {
    const error = await failure(safeFetch(`${base}/loop`, local));
    expect(error.context).toMatchObject({ reason: 'too-many-redirects' });
  });

  it('refuses non-http schemes', async () => {
    const error = await failure(safeFetch('file:///etc/passwd', local));
    expect(error.context).toMatchObject({ reason: 'bad-url' });
  });

  it('cuts a 50 MB body off at the byte cap without reading it all', async () => {
    bigBodyBytesSent = 0;
    const error = await failure(safeFetch(`${base}/big`, { ...local, maxBytes: 1024 * 1024 }));
    expect(error.context).toMatchObject({ reason: 'too-large' });
    expect(bigBodyBytesSent).toBeLessThan(FIFTY_MB / 2);
  });

  it('caps a gzip bomb on decoded bytes, not wire bytes', async () => {
    expect(gzipBomb.length).toBeLessThan(1024 * 1024);
    const error = await failure(safeFetch(`${base}/gzip-bomb`, { ...local, maxBytes: 1024 * 1024 }));
    expect(error.context).toMatchObject({ reason: 'too-large' });
    expect(error.message).toContain('decoded');
  });

  it('times out a server that never answers', async () => {
    const started = Date.now();
    const error = await failure(safeFetch(`${base}/silent`, { ...local, headersTimeoutMs: 300 }));
    expect(error.context).toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('enforces the overall deadline', async () => {
    const error = await failure(safeFetch(`${base}/silent`, { ...local, deadlineMs: 300 }));
    expect(error.context).toMatchObject({ reason: 'timeout' });
    expect(error.message).toContain('300 ms');
  });

  it('aborts a trickling server below the minimum transfer rate', async () => {
    const error = await failure(safeFetch(`${base}/trickle`, { ...local, minBytesPerSecond: 1000, rateWindowMs: 300 }));
    expect(error.context).toMatchObject({ reason: 'too-slow' });
  });

  it('refuses to connect to 127.0.0.1 without the allowlist', async () => {
    const error = await failure(safeFetch(`${base}/feed`, { feed: 'test-feed' }));
    expect(error.code).toBe('FEED_BLOCKED_ADDRESS');
    expect(error.context).toMatchObject({ category: 'loopback', feed: 'test-feed' });
  });

  it('refuses a host name that resolves to loopback, checked in the DNS lookup at connect time', async () => {
    const port = (server.address() as AddressInfo).port;
    const error = await failure(safeFetch(`http://localhost:${port}/feed`, { feed: 'test-feed' }));
    expect(error.code).toBe('FEED_BLOCKED_ADDRESS');
    expect(error.context).toMatchObject({ host: 'localhost', feed: 'test-feed' });
  });

  it('lets an allowlisted host name through', async () => {
    const port = (server.address() as AddressInfo).port;
    // localhost may resolve to ::1 first; the server listens on IPv4 only, so ask for both.
    const result = await safeFetch(`http://localhost:${port}/feed`, { feed: 'test-feed', allowPrivate: ['localhost'] });
    expect(result.status).toBe(200);
  });

  it('checks the connected peer even when the URL is an IP literal that skips DNS', async () => {
    const agent = createSafeAgent({ allow: parseAllowList([]), connectTimeoutMs: 2_000, headersTimeoutMs: 2_000, bodyTimeoutMs: 2_000 });
    try {
      const error = await request(`${base}/feed`, { dispatcher: agent }).then(
        () => null,
        (e: unknown) => e,
      );
      let cause: unknown = error;
      while (cause && !isPlacewatchError(cause)) cause = (cause as Error).cause;
      expect(isPlacewatchError(cause) && cause.code).toBe('FEED_BLOCKED_ADDRESS');
    } finally {
      await agent.close();
    }
  });
});

describe('rss adapter fetchPage', () => {
  const feed = { name: 'local-rss', kind: 'rss' as const, url: '', enabled: true, interval: '5m' };
  const ctx = { http: { allowPrivate: ['127.0.0.1'] } };

  it('returns posts and validators, then notModified with the saved state', async () => {
    const adapter = getAdapter('rss');
    const first = await adapter.fetchPage({ ...feed, url: `${base}/feed` }, {}, ctx);
    expect(first.posts).toHaveLength(1);
    expect(first.posts[0]).toMatchObject({ feed: 'local-rss', text: 'خبر عاجل من البلدة', externalId: 'https://example.org/1' });
    expect(first.nextState).toMatchObject({ etag: ETAG, lastModified: LAST_MODIFIED });
    const second = await adapter.fetchPage({ ...feed, url: `${base}/feed` }, first.nextState, ctx);
    expect(second).toMatchObject({ notModified: true, posts: [], nextState: first.nextState });
  });

  it('turns Retry-After into retryAfterMs and keeps the cursor', async () => {
    const state = { etag: '"old"' };
    const page = await getAdapter('rss').fetchPage({ ...feed, url: `${base}/rate-limited` }, state, ctx);
    expect(page).toMatchObject({ posts: [], retryAfterMs: 120_000, nextState: state });
  });
});
