import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookIngestRoutes } from '../../../src/api/routes/webhook-ingest-routes.js';
import { syncFeeds } from '../../../src/polling/index.js';
import { tempConfig } from '../../helpers/temp-config.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';

const FEEDS = `feeds:
  - name: partner-hmac
    kind: webhook
    secret_env: PLACEWATCH_SECRET_PARTNER_HMAC
    max_body_bytes: 65536
  - name: partner-bearer
    kind: webhook
    auth: bearer
    secret_env: PLACEWATCH_SECRET_PARTNER_BEARER
    max_body_bytes: 65536
`;
const CHUNK = Buffer.alloc(64 * 1024, 0x20);
const TOTAL = 8 * 1024 * 1024;

/** Bytes the server had read from the connection when it answered (kernel buffers do not count). */
let readWhenAnswered = 0;

/** Streams a chunked body (no content-length) of up to 8 MB; writing stops at the answer. */
function streamChunked(url: string, headers: Record<string, string>): Promise<{ status: number; readBeforeAnswer: number }> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...headers } });
    req.on('response', (res) => {
      answered = true;
      resolve({ status: res.statusCode ?? 0, readBeforeAnswer: readWhenAnswered });
      res.resume();
      req.destroy();
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const pump = () => {
      while (!answered && written < TOTAL) {
        written += CHUNK.length;
        if (!req.write(CHUNK)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('webhook bodies that cannot be authentic or are too big', () => {
  let t: TestRuntime;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    t = await openTestRuntime({ configDir: tempConfig({ 'feeds.yaml': FEEDS }), label: 'hookearly' });
    await syncFeeds(t.runtime.database.db, t.runtime.config.current.config.feeds.feeds);
    app = Fastify();
    app.addHook('onResponse', async (request) => {
      readWhenAnswered = request.raw.socket.bytesRead;
    });
    await app.register(webhookIngestRoutes, {
      runtime: t.runtime,
      env: { PLACEWATCH_SECRET_PARTNER_HMAC: 'whsec_cGFydG5lci1zZWNyZXQ=', PLACEWATCH_SECRET_PARTNER_BEARER: 'the-token' },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('refuses an unsigned chunked body before reading it', async () => {
    const result = await streamChunked(`${base}/ingest/partner-hmac`, {});
    expect(result.status).toBe(401);
    expect(result.readBeforeAnswer).toBeLessThan(2 * 1024 * 1024);
  });

  it('refuses a stale signature and a wrong bearer token before reading the body', async () => {
    const stale = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 3600), 'webhook-signature': 'v1,AAAA' };
    const hmac = await streamChunked(`${base}/ingest/partner-hmac`, stale);
    expect(hmac.status).toBe(401);
    expect(hmac.readBeforeAnswer).toBeLessThan(2 * 1024 * 1024);
    const bearer = await streamChunked(`${base}/ingest/partner-bearer`, { authorization: 'Bearer not-the-token' });
    expect(bearer.status).toBe(401);
    expect(bearer.readBeforeAnswer).toBeLessThan(2 * 1024 * 1024);
  });

  it("stops a signed-looking chunked body at the feed's own limit, not at 10 MB", async () => {
    const headers = { 'webhook-id': 'msg_2', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' };
    const result = await streamChunked(`${base}/ingest/partner-hmac`, headers);
    expect(result.status).toBe(413);
    expect(result.readBeforeAnswer).toBeLessThan(2 * 1024 * 1024);
  });
});
