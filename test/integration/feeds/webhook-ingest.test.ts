import Fastify, { type FastifyInstance } from 'fastify';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookIngestRoutes } from '../../../src/api/routes/webhook-ingest-routes.js';
import { syncFeeds } from '../../../src/polling/index.js';
import { tempConfig } from '../../helpers/temp-config.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';

const SECRET = `whsec_${Buffer.from('partner-secret-0123456789abcdef!').toString('base64')}`;
const TOKEN = 'bearer-token-for-partner-b';
const FEEDS = `feeds:
  - name: partner-a
    kind: webhook
    secret_env: PLACEWATCH_SECRET_PARTNER_A
    max_body_bytes: 4096
  - name: partner-b
    kind: webhook
    auth: bearer
    secret_env: PLACEWATCH_SECRET_PARTNER_B_TOKEN
`;

function body(id: string, text = 'سنقتحم دارة عزة فجر الجمعة'): string {
  return JSON.stringify({ items: [{ id, text, author: '@hawk', published_at: '2026-03-14T12:00:00Z', url: `https://partner.example.org/p/${id}` }] });
}

describe('POST /ingest/:feed (webhook plugin)', () => {
  let t: TestRuntime;
  let app: FastifyInstance;
  const signer = new Webhook(SECRET);

  const post = (payload: string, headers: Record<string, string>, feed = 'partner-a') =>
    app.inject({ method: 'POST', url: `/ingest/${feed}`, payload, headers: { 'content-type': 'application/json', ...headers } });
  const signed = (id: string, payload: string, at = new Date()) => ({
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signer.sign(id, at, payload),
  });
  const analyzeJobs = async () => (await t.runtime.queues.analyze.getJobs(['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'])).length;

  beforeAll(async () => {
    t = await openTestRuntime({ configDir: tempConfig({ 'feeds.yaml': FEEDS }), label: 'webhook' });
    await syncFeeds(t.runtime.database.db, t.runtime.config.current.config.feeds.feeds);
    app = Fastify();
    await app.register(webhookIngestRoutes, { runtime: t.runtime, env: { PLACEWATCH_SECRET_PARTNER_A: SECRET, PLACEWATCH_SECRET_PARTNER_B_TOKEN: TOKEN } });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('accepts a validly signed body and enqueues its posts for analysis', async () => {
    const payload = body('evt-1');
    const res = await post(payload, signed('msg_ok_1', payload));
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: 1, skipped: [] });
    const jobs = await t.runtime.queues.analyze.getJobs(['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed']);
    expect(jobs.flatMap((j) => j.data.posts.map((p) => [p.feed, p.externalId, p.text]))).toEqual([['partner-a', 'evt-1', 'سنقتحم دارة عزة فجر الجمعة']]);
    const state = await t.runtime.database.db.selectFrom('feed_state').selectAll().where('feed', '=', 'partner-a').executeTakeFirstOrThrow();
    expect(Number(state.posts_total)).toBe(1);
  });

  it('rejects a wrong signature, a stale timestamp, a replayed id and an oversized body with 4xx, storing nothing', async () => {
    const before = await analyzeJobs();
    const payload = body('evt-2');
    const wrong = { ...signed('msg_bad', payload), 'webhook-signature': `v1,${Buffer.from('x'.repeat(32)).toString('base64')}` };
    expect((await post(payload, wrong)).statusCode).toBe(401);
    const stale = signed('msg_stale', payload, new Date(Date.now() - 6 * 60_000));
    expect((await post(payload, stale)).statusCode).toBe(401);
    const headers = signed('msg_replay', payload);
    expect((await post(payload, headers)).statusCode).toBe(202);
    const replay = await post(payload, headers);
    expect(replay.statusCode).toBe(409);
    const huge = body('evt-3', 'x'.repeat(5000));
    expect((await post(huge, signed('msg_huge', huge))).statusCode).toBe(413);
    // Only the first delivery of msg_replay queued anything.
    expect(await analyzeJobs()).toBe(before + 1);
  });

  it('answers 400 for a signed body that is not JSON and 404 for an unknown feed', async () => {
    expect((await post('not json', signed('msg_nj', 'not json'))).statusCode).toBe(400);
    expect((await post(body('e'), signed('msg_nf', body('e')), 'no-such-feed')).statusCode).toBe(404);
  });

  it('authenticates a bearer-token feed', async () => {
    expect((await post(body('b-1'), { authorization: 'Bearer wrong' }, 'partner-b')).statusCode).toBe(401);
    const res = await post(body('b-1'), { authorization: `Bearer ${TOKEN}` }, 'partner-b');
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ accepted: 1 });
  });

  it('is mounted in the API server, where the signature, not a session or CSRF token, decides', async () => {
    const { buildApiServer } = await import('../../../src/api/index.js');
    process.env.PLACEWATCH_SECRET_PARTNER_A = SECRET;
    const api = await buildApiServer(t.runtime);
    try {
      const payload = body('evt-api');
      const accepted = await api.inject({
        method: 'POST',
        url: '/ingest/partner-a',
        payload,
        headers: { 'content-type': 'application/json', ...signed('msg_api', payload) },
      });
      expect(accepted.statusCode).toBe(202);
      const unsigned = await api.inject({ method: 'POST', url: '/ingest/partner-a', payload, headers: { 'content-type': 'application/json' } });
      expect(unsigned.statusCode).toBe(401);
      // The rest of the API still wants a signed-in user.
      expect((await api.inject({ method: 'GET', url: '/api/alerts' })).statusCode).toBe(401);
    } finally {
      await api.close();
      delete process.env.PLACEWATCH_SECRET_PARTNER_A;
    }
  });
});
