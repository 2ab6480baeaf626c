import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import { findUserByEmail, listAudit } from '../../../src/users/index.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';
import { login, seedUsers, type SeededUser, type Session } from './api-fixtures.js';
import { openApiTestRuntime } from './api-runtime.js';

let t: TestRuntime;
let app: FastifyInstance;
let users: Awaited<ReturnType<typeof seedUsers>>;
const sessions: Partial<Record<SeededUser['role'], Session>> = {};

type Role = SeededUser['role'];
const call = (role: Role, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
  app.inject({ method, url, headers: { cookie: sessions[role]!.cookie, 'x-csrf-token': sessions[role]!.csrf }, ...(payload ? { payload } : {}) });
const webhook = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  channel: 'webhook',
  target: 'https://hooks.example.org/placewatch/T0123/secret-path?token=abc',
  places: ['darat-izza'],
  min_severity: 'medium',
  ...extra,
});
interface View {
  id: string;
  name: string;
  owner_user_id: number;
  has_secret: boolean;
  previous_secret_valid_until: string | null;
  places: unknown;
}

beforeAll(async () => {
  vi.stubEnv('PLACEWATCH_SECRET_KEY', 'test-key-for-subscription-secrets');
  t = await openApiTestRuntime('apisubs');
  app = await buildApiServer(t.runtime, { loginRateLimit: { max: 1000, timeWindow: 60_000 } });
  users = await seedUsers(t.runtime.database.db);
  for (const role of ['officer', 'reviewer', 'operator'] as const) sessions[role] = await login(app, users[role]);
});

afterAll(async () => {
  await app?.close();
  await t?.dispose();
  vi.unstubAllEnvs();
});

describe('subscriptions API', () => {
  it('an officer subscribes to their place; the webhook secret is returned once and stored only encrypted', async () => {
    const created = await call('officer', 'POST', '/api/subscriptions', webhook('officer-hook'));
    expect(created.statusCode, created.body).toBe(201);
    const { subscription, secret } = created.json() as { subscription: View; secret: string };
    expect(secret).toMatch(/^whsec_/);
    const officerId = (await findUserByEmail(t.runtime.database.db, users.officer.email))!.id;
    expect(subscription).toMatchObject({ name: 'officer-hook', owner_user_id: officerId, places: ['darat-izza'], has_secret: true });

    const list = await call('officer', 'GET', '/api/subscriptions');
    const one = await call('officer', 'GET', `/api/subscriptions/${subscription.id}`);
    for (const response of [list, one]) {
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain(secret);
      expect(response.body).not.toContain('secret_encrypted');
    }
    expect((one.json() as { subscription: View }).subscription.has_secret).toBe(true);
    const row = await t.runtime.database.db.selectFrom('subscriptions').selectAll().where('id', '=', subscription.id).executeTakeFirstOrThrow();
    expect(row.secret_encrypted).toMatch(/^v1\./);
    expect(row.secret_encrypted).not.toContain(secret.slice(6));
  });

  it('an officer cannot subscribe to a place not assigned to them, nor to all places', async () => {
    const other = await call('officer', 'POST', '/api/subscriptions', webhook('not-mine', { places: ['taqad'] }));
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ error: { code: 'FORBIDDEN', message: expect.stringContaining('taqad') } });
    const all = await call('officer', 'POST', '/api/subscriptions', { name: 'everything', channel: 'log', places: 'all' });
    expect(all.statusCode).toBe(403);

    const mine = (await call('officer', 'POST', '/api/subscriptions', { name: 'widen-me', channel: 'log', places: ['darat-izza'] })).json() as {
      subscription: View;
    };
    const widened = await call('officer', 'PATCH', `/api/subscriptions/${mine.subscription.id}`, { places: ['darat-izza', 'saraqib'] });
    expect(widened.statusCode).toBe(403);

    // Operators may not widen an officer's hearing either: the owner's places bound the subscription.
    const officerId = (await findUserByEmail(t.runtime.database.db, users.officer.email))!.id;
    const forOfficer = await call('operator', 'POST', '/api/subscriptions', { name: 'given', channel: 'log', places: ['taqad'], owner_user_id: officerId });
    expect(forOfficer.statusCode).toBe(400);
    expect(await call('operator', 'PATCH', `/api/subscriptions/${mine.subscription.id}`, { places: ['taqad'] })).toMatchObject({ statusCode: 400 });
  });

  it("an officer neither sees nor changes another user's subscription; operators manage everyone's", async () => {
    const theirs = (await call('reviewer', 'POST', '/api/subscriptions', webhook('reviewer-hook', { places: 'all' }))).json() as { subscription: View };
    const id = theirs.subscription.id;

    const listed = (await call('officer', 'GET', '/api/subscriptions')).json() as { subscriptions: View[] };
    expect(listed.subscriptions.map((s) => s.name)).not.toContain('reviewer-hook');
    expect((await call('officer', 'GET', `/api/subscriptions/${id}`)).statusCode).toBe(404);
    expect((await call('officer', 'PATCH', `/api/subscriptions/${id}`, { enabled: false })).statusCode).toBe(404);
    expect((await call('officer', 'POST', `/api/subscriptions/${id}/rotate-secret`, {})).statusCode).toBe(404);
    expect((await call('officer', 'DELETE', `/api/subscriptions/${id}`)).statusCode).toBe(404);
    expect(
      (
        await call('officer', 'POST', '/api/subscriptions', {
          name: 'as-reviewer',
          channel: 'log',
          places: ['darat-izza'],
          owner_user_id: theirs.subscription.owner_user_id,
        })
      ).statusCode,
    ).toBe(403);

    // Reviewers manage their own only.
    const officerOwn = ((await call('officer', 'GET', '/api/subscriptions')).json() as { subscriptions: View[] }).subscriptions[0]!;
    expect((await call('reviewer', 'GET', `/api/subscriptions/${officerOwn.id}`)).statusCode).toBe(404);

    const all = (await call('operator', 'GET', '/api/subscriptions')).json() as { subscriptions: View[] };
    expect(all.subscriptions.map((s) => s.name)).toEqual(expect.arrayContaining(['reviewer-hook', 'officer-hook']));
    const disabled = await call('operator', 'PATCH', `/api/subscriptions/${id}`, { enabled: false, min_severity: 'critical' });
    expect(disabled.json()).toMatchObject({ subscription: { enabled: false, min_severity: 'critical' } });
    const deleted = await call('operator', 'DELETE', `/api/subscriptions/${id}`);
    expect(deleted.statusCode).toBe(200);
    expect((await call('reviewer', 'GET', `/api/subscriptions/${id}`)).statusCode).toBe(404);
  });

  it('rotation returns a new secret once, keeps the old one signing for a while, and never shows either again', async () => {
    const created = (await call('officer', 'POST', '/api/subscriptions', webhook('rotating'))).json() as { subscription: View; secret: string };
    const rotated = await call('officer', 'POST', `/api/subscriptions/${created.subscription.id}/rotate-secret`, {});
    expect(rotated.statusCode).toBe(200);
    const { secret, previous_secret_valid_until } = rotated.json() as { secret: string; previous_secret_valid_until: string };
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(created.secret);
    expect(new Date(previous_secret_valid_until).getTime()).toBeGreaterThan(Date.now());

    const view = await call('officer', 'GET', `/api/subscriptions/${created.subscription.id}`);
    expect(view.json()).toMatchObject({ subscription: { has_secret: true, previous_secret_valid_until } });
    expect(view.body).not.toContain(secret);
    expect(view.body).not.toContain(created.secret);

    const log = await call('officer', 'POST', '/api/subscriptions', { name: 'plain-log', channel: 'log', places: ['darat-izza'] });
    expect(log.json()).toMatchObject({ secret: null, subscription: { has_secret: false } });
    const id = (log.json() as { subscription: View }).subscription.id;
    expect(await call('officer', 'POST', `/api/subscriptions/${id}/rotate-secret`, {})).toMatchObject({ statusCode: 400 });
  });

  it('validates webhook targets as http(s) URLs and refuses unknown places', async () => {
    for (const target of ['ftp://example.org/hook', 'javascript:alert(1)', 'not a url']) {
      const response = await call('officer', 'POST', '/api/subscriptions', webhook(`bad-${Math.random().toString(36).slice(2, 6)}`, { target }));
      expect(response.statusCode, target).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'INPUT_INVALID' } });
    }
    expect((await call('officer', 'POST', '/api/subscriptions', { name: 'no-target', channel: 'webhook', places: ['darat-izza'] })).statusCode).toBe(400);
    expect((await call('operator', 'POST', '/api/subscriptions', { name: 'nowhere', channel: 'log', places: ['atlantis'] })).json()).toMatchObject({
      error: { code: 'INPUT_INVALID', message: expect.stringContaining('atlantis') },
    });
    const own = (await call('officer', 'POST', '/api/subscriptions', webhook('to-patch'))).json() as { subscription: View };
    expect((await call('officer', 'PATCH', `/api/subscriptions/${own.subscription.id}`, { target: 'file:///etc/passwd' })).statusCode).toBe(400);
  });

  it('audits create, update, rotate and delete with actor, before and after, and without secrets or URL paths', async () => {
    const created = (await call('officer', 'POST', '/api/subscriptions', webhook('audited'))).json() as { subscription: View; secret: string };
    const id = created.subscription.id;
    await call('officer', 'PATCH', `/api/subscriptions/${id}`, { min_severity: 'high' });
    const rotated = (await call('officer', 'POST', `/api/subscriptions/${id}/rotate-secret`, {})).json() as { secret: string };
    await call('officer', 'DELETE', `/api/subscriptions/${id}`);

    const entries = (await listAudit(t.runtime.database.db, 500)).filter((e) => e.subject_type === 'subscription' && e.subject_id === id).reverse();
    expect(entries.map((e) => e.action)).toEqual(['subscription.create', 'subscription.update', 'subscription.rotate_secret', 'subscription.delete']);
    expect(entries.every((e) => e.actor === users.officer.email)).toBe(true);
    expect(entries[1]).toMatchObject({ before: { min_severity: 'medium' }, after: { min_severity: 'high' } });
    expect(entries[0]!.before).toBeNull();
    expect(entries[3]!.after).toBeNull();
    const text = JSON.stringify(entries);
    expect(text).not.toContain(created.secret);
    expect(text).not.toContain(rotated.secret);
    expect(text).not.toContain('secret-path');
    expect(text).toContain('https://hooks.example.org/…');
  });
});

describe('subscriptions page', () => {
  const form = (role: Role, url: string, fields: Record<string, string | string[]>, csrf = sessions[role]!.csrf) => {
    const body = new URLSearchParams({ _csrf: csrf });
    for (const [k, v] of Object.entries(fields)) for (const one of ([] as string[]).concat(v)) body.append(k, one);
    return app.inject({
      method: 'POST',
      url,
      headers: { cookie: sessions[role]!.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
  };

  it("lists only the officer's own subscriptions and offers only their places", async () => {
    await call('reviewer', 'POST', '/api/subscriptions', { name: 'reviewer-only', channel: 'log', places: 'all' });
    const page = await app.inject({ method: 'GET', url: '/subscriptions', headers: { cookie: sessions.officer!.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('officer-hook');
    expect(page.body).not.toContain('reviewer-only');
    expect(page.body).toContain('value="darat-izza"');
    expect(page.body).not.toContain('value="taqad"');
    expect(page.body).not.toContain('value="all"');
    expect(page.body).not.toMatch(/<script>|style="/);
  });

  it('creates through the form (secret shown once, never cached), rotates, deletes, and refuses a missing CSRF token', async () => {
    const created = await form('officer', '/subscriptions', {
      name: 'form-hook',
      places: ['darat-izza'],
      channel: 'webhook',
      target: 'https://hooks.example.org/form',
      min_severity: 'high',
    });
    expect(created.statusCode).toBe(200);
    expect(created.headers['cache-control']).toBe('no-store');
    const secret = /<code class="secret">(whsec_[^<]+)<\/code>/.exec(created.body)?.[1];
    expect(secret).toBeTruthy();
    const again = await app.inject({ method: 'GET', url: '/subscriptions', headers: { cookie: sessions.officer!.cookie } });
    expect(again.body).toContain('form-hook');
    expect(again.body).not.toContain(secret!.slice(6, 20));

    const id = ((await call('officer', 'GET', '/api/subscriptions')).json() as { subscriptions: View[] }).subscriptions.find((s) => s.name === 'form-hook')!.id;
    const rotated = await form('officer', `/subscriptions/${id}/rotate`, {});
    expect(rotated.statusCode).toBe(200);
    expect(rotated.body).toMatch(/<code class="secret">whsec_/);

    const refused = await form('officer', '/subscriptions', { name: 'elsewhere', places: ['taqad'], channel: 'log' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('not assigned to you');

    expect((await form('officer', `/subscriptions/${id}/delete`, {}, '')).statusCode).toBe(403);
    const deleted = await form('officer', `/subscriptions/${id}/delete`, {});
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe('/subscriptions');
    expect((await call('officer', 'GET', `/api/subscriptions/${id}`)).statusCode).toBe(404);
  });
});
