import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeFetch } from '../../../src/feeds/http/safe-fetch.js';

/** A server that records the headers of each request and redirects /hop?to=… */
async function recordingServer(): Promise<{ server: Server; base: string; seen: Map<string, IncomingHttpHeaders> }> {
  const seen = new Map<string, IncomingHttpHeaders>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.set(url.pathname, req.headers);
    const to = url.searchParams.get('to');
    if (to) return void res.writeHead(302, { location: to }).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('credentials across redirects', () => {
  let a: Awaited<ReturnType<typeof recordingServer>>;
  let b: Awaited<ReturnType<typeof recordingServer>>;
  const credentials = { authorization: 'Bearer feed-token', cookie: 'sid=1', 'x-api-key': 'k-123' };
  const options = { feed: 'partner-api', allowPrivate: ['127.0.0.1'], headers: { ...credentials, 'x-request-source': 'placewatch' } };

  beforeAll(async () => {
    a = await recordingServer();
    b = await recordingServer(); // another port: another origin
  });
  afterAll(() => {
    for (const s of [a, b]) s?.server.close();
  });

  it('drops Authorization, Cookie and other credential headers when a redirect leaves the origin', async () => {
    const result = await safeFetch(`${a.base}/hop?to=${encodeURIComponent(`${b.base}/items`)}`, options);
    expect(result.url).toBe(`${b.base}/items`);
    expect(a.seen.get('/hop')).toMatchObject(credentials);
    const atB = b.seen.get('/items')!;
    expect(atB.authorization).toBeUndefined();
    expect(atB.cookie).toBeUndefined();
    expect(atB['x-api-key']).toBeUndefined();
    expect(atB['x-request-source']).toBe('placewatch');
  });

  it('does not give them back when a later redirect returns to the first origin', async () => {
    const back = `${b.base}/bounce?to=${encodeURIComponent(`${a.base}/home`)}`;
    await safeFetch(`${a.base}/hop?to=${encodeURIComponent(back)}`, options);
    expect(a.seen.get('/home')!.authorization).toBeUndefined();
  });

  it('keeps them on a redirect within the same origin', async () => {
    await safeFetch(`${a.base}/hop?to=/same`, options);
    expect(a.seen.get('/same')).toMatchObject(credentials);
  });
});
