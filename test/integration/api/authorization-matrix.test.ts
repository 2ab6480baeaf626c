import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import { applyStatusAction } from '../../../src/alerts/index.js';
import { createApiToken } from '../../../src/auth/index.js';
import { routeSchema } from '../../../src/config/schema/routes.js';
import { enqueueNotifications } from '../../../src/notify/index.js';
import { markFailed } from '../../../src/notify/notification-repository.js';
import { recordFailedPost } from '../../../src/posts/index.js';
import { subscriptionFromRoute } from '../../../src/notify/subscription.js';
import { addUser, findUserByEmail, type UserRole } from '../../../src/users/index.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';
import { openApiTestRuntime } from './api-runtime.js';
import { addEvidencePost, login, ROLES, seedAlert, seedUsers, type SeededUser, type Session } from './api-fixtures.js';

type Who = 'anonymous' | UserRole;
const EVERYONE: readonly UserRole[] = ROLES;
const REVIEWER_UP: readonly UserRole[] = ['reviewer', 'operator', 'admin'];
const OPERATOR_UP: readonly UserRole[] = ['operator', 'admin'];
const ADMIN: readonly UserRole[] = ['admin'];

interface Endpoint {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly name: string;
  readonly allowed: readonly UserRole[] | 'public';
  /** Status for an allowed caller (200 unless said). */
  readonly ok?: number;
  /** Browser pages: the anonymous answer is a redirect to /login, not 401. */
  readonly ui?: boolean;
  /** Builds url and body; may seed fresh rows so every allowed call starts from a valid state. */
  readonly request: (who: Who) => Promise<{ url: string; body?: Record<string, unknown>; form?: boolean }>;
}

let t: TestRuntime;
let app: FastifyInstance;
let users: Record<UserRole, SeededUser>;
const sessions = new Map<UserRole, Session>();
let sharedAlert: string;

const fresh = async () => (await seedAlert(t.runtime.database.db)).alertId;
const resolvedAlert = async () => {
  const id = await fresh();
  await applyStatusAction(t.runtime.database.db, { alertId: id, action: 'resolve', actor: { email: 'setup', scope: { places: null } } });
  return id;
};

const unique = () => Math.random().toString(36).slice(2, 10);
/** A new draft version (an extra alias), stored by an admin, to activate or backtest. */
const draft = async () => {
  const created = await app.inject({
    method: 'POST',
    url: '/api/places/darat-izza/names',
    headers: headersFor('admin'),
    payload: { kind: 'aliases', language: 'en', text: `Darat Test ${unique()}` },
  });
  return (created.json() as { id: number }).id;
};
const activeVersion = async () => {
  const { versions } = (await app.inject({ method: 'GET', url: '/api/config/versions', headers: headersFor('admin') })).json() as {
    versions: Array<{ id: number; active: boolean }>;
  };
  return versions.find((v) => v.active)!.id;
};

/** A subscription owned by the caller (by an admin for anonymous callers), to read, change or delete. */
const ownSubscription = async (who: Who, channel: 'log' | 'webhook' = 'log') => {
  const created = await app.inject({
    method: 'POST',
    url: '/api/subscriptions',
    headers: headersFor(who === 'anonymous' ? 'admin' : who),
    payload: { name: `m-${unique()}`, channel, places: ['darat-izza'], ...(channel === 'webhook' ? { target: 'https://hooks.example.org/matrix' } : {}) },
  });
  return (created.json() as { subscription: { id: string } }).subscription.id;
};
/** A dead notification row, written through the notify repository as the notifier would. */
const deadLetter = async () => {
  const db = t.runtime.database.db;
  const alertId = await fresh();
  const hook = subscriptionFromRoute(
    routeSchema.parse({ name: 'matrix-hook', channel: 'webhook', target: 'https://partner.example.org/hook', secret_env: 'PLACEWATCH_SECRET_MATRIX_HOOK' }),
  );
  await enqueueNotifications(db, [{ subscription: hook, digest: false }], { alertId, change: 'opened', sequence: '1', payload: {} });
  const row = await db.selectFrom('notifications').select('id').where('alert_id', '=', alertId).executeTakeFirstOrThrow();
  await markFailed(db, row.id, { attempts: 8, dead: true, error: 'HTTP 500', nextAttemptAt: new Date() });
  return row.id;
};
/** A post in the failed set, recorded as the analyzer records one, to retry from the dead-letter view. */
const failedPost = async () => {
  const db = t.runtime.database.db;
  const externalId = `matrix-${unique()}`;
  await recordFailedPost(
    db,
    {
      feed: 'matrix-feed',
      externalId,
      author: { id: null, handle: 'matrix', displayName: null },
      text: 'Market day in Taqad',
      lang: 'en',
      publishedAt: new Date().toISOString(),
      url: null,
      links: [],
      media: [],
      edited: false,
      deleted: false,
      truncated: false,
    },
    'could not be stored: test',
  );
  return (await db.selectFrom('failed_posts').select('id').where('external_id', '=', externalId).executeTakeFirstOrThrow()).id;
};
/** An API token of the caller (of an officer for anonymous callers), to revoke. */
const ownToken = async (who: Who) => (await createApiToken(t.runtime.database.db, users[who === 'anonymous' ? 'officer' : who].email, { actor: 'test' })).id;

const ENDPOINTS: readonly Endpoint[] = [
  { method: 'GET', name: 'health', allowed: 'public', request: async () => ({ url: '/api/health' }) },
  { method: 'GET', name: 'ready', allowed: 'public', request: async () => ({ url: '/api/ready' }) },
  { method: 'GET', name: 'openapi document', allowed: 'public', request: async () => ({ url: '/api/docs' }) },
  { method: 'GET', name: 'API docs page', allowed: 'public', request: async () => ({ url: '/docs' }) },
  { method: 'GET', name: 'me', allowed: EVERYONE, request: async () => ({ url: '/api/auth/me' }) },
  { method: 'GET', name: 'alert list', allowed: EVERYONE, request: async () => ({ url: '/api/alerts?status=new,acknowledged&sort=recent' }) },
  { method: 'GET', name: 'alert counts', allowed: EVERYONE, request: async () => ({ url: '/api/alerts/counts' }) },
  { method: 'GET', name: 'alert detail', allowed: EVERYONE, request: async () => ({ url: `/api/alerts/${sharedAlert}` }) },
  { method: 'GET', name: 'alert audit trail', allowed: EVERYONE, request: async () => ({ url: `/api/alerts/${sharedAlert}/events` }) },
  { method: 'POST', name: 'acknowledge', allowed: EVERYONE, request: async () => ({ url: `/api/alerts/${await fresh()}/acknowledge`, body: {} }) },
  {
    method: 'POST',
    name: 'note',
    allowed: EVERYONE,
    request: async () => ({ url: `/api/alerts/${await fresh()}/notes`, body: { note: 'called the local council' } }),
  },
  { method: 'POST', name: 'escalate', allowed: REVIEWER_UP, request: async () => ({ url: `/api/alerts/${await fresh()}/escalate`, body: {} }) },
  { method: 'POST', name: 'resolve', allowed: REVIEWER_UP, request: async () => ({ url: `/api/alerts/${await fresh()}/resolve`, body: { note: 'handled' } }) },
  { method: 'POST', name: 'false positive', allowed: REVIEWER_UP, request: async () => ({ url: `/api/alerts/${await fresh()}/false-positive`, body: {} }) },
  { method: 'POST', name: 'reopen', allowed: REVIEWER_UP, request: async () => ({ url: `/api/alerts/${await resolvedAlert()}/reopen`, body: {} }) },
  { method: 'POST', name: 'claim', allowed: REVIEWER_UP, request: async () => ({ url: `/api/alerts/${await fresh()}/claim`, body: {} }) },
  {
    method: 'POST',
    name: 'assign',
    allowed: REVIEWER_UP,
    request: async () => ({ url: `/api/alerts/${await fresh()}/assign`, body: { assignee: users.officer.email } }),
  },
  { method: 'POST', name: 'merge', allowed: REVIEWER_UP, request: async () => ({ url: `/api/alerts/${await fresh()}/merge`, body: { into: await fresh() } }) },
  {
    method: 'POST',
    name: 'split',
    allowed: REVIEWER_UP,
    request: async () => {
      const id = await fresh();
      const postId = await addEvidencePost(t.runtime.database.db, id, 'a second post about Darat Izza');
      return { url: `/api/alerts/${id}/split`, body: { post_id: postId } };
    },
  },
  {
    method: 'POST',
    name: 'bulk',
    allowed: REVIEWER_UP,
    request: async () => ({ url: '/api/alerts/bulk', body: { ids: [await fresh(), await fresh()], action: 'acknowledge' } }),
  },
  { method: 'GET', name: 'silence list', allowed: REVIEWER_UP, request: async () => ({ url: '/api/silences' }) },
  {
    method: 'POST',
    name: 'silence create',
    allowed: REVIEWER_UP,
    request: async () => ({
      url: '/api/silences',
      body: { kind: 'phrase', phrase: `zz-nothing-${Math.random()}`, reason: 'known spam wave', owner: 'lead@example.org', duration_minutes: 30 },
    }),
  },
  {
    method: 'POST',
    name: 'silence end',
    allowed: REVIEWER_UP,
    request: async () => {
      const created = await app.inject({
        method: 'POST',
        url: '/api/silences',
        headers: headersFor('admin'),
        payload: { kind: 'phrase', phrase: `zz-${Math.random()}`, reason: 'to end', owner: 'lead@example.org', duration_minutes: 5 },
      });
      return { url: `/api/silences/${(created.json() as { silence: { id: string } }).silence.id}/end`, body: {} };
    },
  },
  { method: 'GET', name: 'places', allowed: EVERYONE, request: async () => ({ url: '/api/places' }) },
  { method: 'GET', name: 'feeds and health', allowed: OPERATOR_UP, request: async () => ({ url: '/api/feeds' }) },
  { method: 'GET', name: 'active config', allowed: OPERATOR_UP, request: async () => ({ url: '/api/config' }) },
  { method: 'GET', name: 'config versions', allowed: OPERATOR_UP, request: async () => ({ url: '/api/config/versions' }) },
  { method: 'GET', name: 'config version', allowed: OPERATOR_UP, request: async () => ({ url: `/api/config/versions/${await activeVersion()}` }) },
  { method: 'GET', name: 'config version diff', allowed: OPERATOR_UP, request: async () => ({ url: `/api/config/versions/${await draft()}/diff` }) },
  {
    method: 'GET',
    name: 'config version export',
    allowed: OPERATOR_UP,
    request: async () => ({ url: `/api/config/versions/${await activeVersion()}/export` }),
  },
  {
    method: 'POST',
    name: 'config import',
    allowed: OPERATOR_UP,
    ok: 201,
    request: async () => ({
      url: '/api/config/import',
      body: { files: { 'places.yaml': `places:\n  - { id: town-${unique()}, name: Town ${unique()} }\n` }, comment: 'import' },
    }),
  },
  {
    method: 'POST',
    name: 'config edits',
    allowed: OPERATOR_UP,
    ok: 201,
    request: async () => ({
      url: `/api/config/versions/${await activeVersion()}/edits`,
      body: { edits: [{ op: 'name.add', place: 'saraqib', kind: 'aliases', language: 'en', text: `Saraqib ${unique()}` }] },
    }),
  },
  { method: 'POST', name: 'config activate', allowed: OPERATOR_UP, request: async () => ({ url: `/api/config/versions/${await draft()}/activate`, body: {} }) },
  {
    method: 'POST',
    name: 'config rollback',
    allowed: OPERATOR_UP,
    request: async () => {
      // There must be an earlier active version to return to.
      await app.inject({ method: 'POST', url: `/api/config/versions/${await draft()}/activate`, headers: headersFor('admin'), payload: {} });
      return { url: '/api/config/rollback', body: {} };
    },
  },
  {
    method: 'POST',
    name: 'config backtest',
    allowed: OPERATOR_UP,
    request: async () => ({ url: `/api/config/versions/${await draft()}/backtest`, body: { since: '1d' } }),
  },
  {
    method: 'POST',
    name: 'config try a text',
    allowed: OPERATOR_UP,
    request: async () => ({ url: '/api/config/score', body: { text: 'We will storm Darat Izza' } }),
  },
  { method: 'GET', name: 'config feeds', allowed: OPERATOR_UP, request: async () => ({ url: '/api/config/feeds' }) },
  {
    method: 'PUT',
    name: 'place upsert',
    allowed: OPERATOR_UP,
    ok: 201,
    request: async () => ({ url: `/api/places/village-${unique()}`, body: { place: { name: `Village ${unique()}`, kind: 'village', parent: 'darat-izza' } } }),
  },
  {
    method: 'POST',
    name: 'place name add',
    allowed: OPERATOR_UP,
    ok: 201,
    request: async () => ({ url: '/api/places/taqad/names', body: { kind: 'aliases', language: 'en', text: `Tqad ${unique()}` } }),
  },
  {
    // The result equals an earlier version, which is reused (200, not 201).
    method: 'DELETE',
    name: 'place name remove',
    allowed: OPERATOR_UP,
    ok: 200,
    request: async () => {
      const text = `Tuqad ${unique()}`;
      const added = await app.inject({
        method: 'POST',
        url: '/api/places/taqad/names',
        headers: headersFor('admin'),
        payload: { kind: 'aliases', language: 'en', text },
      });
      return { url: '/api/places/taqad/names', body: { base: (added.json() as { id: number }).id, kind: 'aliases', language: 'en', text } };
    },
  },
  {
    // The result equals an earlier version, which is reused (200, not 201).
    method: 'DELETE',
    name: 'place remove',
    allowed: OPERATOR_UP,
    ok: 200,
    request: async () => {
      const id = `hamlet-${unique()}`;
      const added = await app.inject({
        method: 'PUT',
        url: `/api/places/${id}`,
        headers: headersFor('admin'),
        payload: { place: { name: `Hamlet ${unique()}`, kind: 'village' } },
      });
      return { url: `/api/places/${id}`, body: { base: (added.json() as { id: number }).id } };
    },
  },
  { method: 'GET', name: 'config page', allowed: OPERATOR_UP, ui: true, request: async () => ({ url: '/config' }) },
  { method: 'GET', name: 'config import page', allowed: OPERATOR_UP, ui: true, request: async () => ({ url: '/config/import' }) },
  { method: 'GET', name: 'config section page', allowed: OPERATOR_UP, ui: true, request: async () => ({ url: '/config/phrases?language=en&q=kill&page=2' }) },
  { method: 'GET', name: 'user list', allowed: ADMIN, request: async () => ({ url: '/api/users' }) },
  {
    method: 'POST',
    name: 'user add',
    allowed: ADMIN,
    request: async () => ({ url: '/api/users', body: { email: `new-${Math.random().toString(36).slice(2)}@example.org`, role: 'officer', places: ['taqad'] } }),
  },
  {
    method: 'POST',
    name: 'user disable',
    allowed: ADMIN,
    request: async () => {
      const created = await app.inject({
        method: 'POST',
        url: '/api/users',
        headers: headersFor('admin'),
        payload: { email: `gone-${Math.random().toString(36).slice(2)}@example.org`, role: 'reviewer' },
      });
      return { url: `/api/users/${(created.json() as { user: { id: number } }).user.id}/disable`, body: {} };
    },
  },
  {
    method: 'POST',
    name: 'user reset',
    allowed: ADMIN,
    request: async () => {
      const email = `reset-${Math.random().toString(36).slice(2)}@example.org`;
      await addUser(t.runtime.database.db, { email, role: 'reviewer', actor: 'test' });
      return { url: `/api/users/${(await findUserByEmail(t.runtime.database.db, email))!.id}/reset`, body: {} };
    },
  },
  { method: 'GET', name: 'audit log', allowed: ADMIN, request: async () => ({ url: '/api/audit' }) },
  { method: 'GET', name: 'queue page', allowed: EVERYONE, ui: true, request: async () => ({ url: '/alerts' }) },
  { method: 'GET', name: 'queue rows (live refresh)', allowed: EVERYONE, request: async () => ({ url: '/alerts/rows?status=new' }) },
  { method: 'GET', name: 'queue row expanded (live)', allowed: EVERYONE, request: async () => ({ url: `/alerts/${sharedAlert}/preview` }) },
  { method: 'GET', name: 'detail page', allowed: EVERYONE, ui: true, request: async () => ({ url: `/alerts/${sharedAlert}` }) },
  {
    method: 'POST',
    name: 'detail page acknowledge form',
    allowed: EVERYONE,
    ui: true,
    ok: 303,
    request: async () => ({ url: `/alerts/${await fresh()}/act`, body: { action: 'acknowledge' }, form: true }),
  },
  {
    method: 'POST',
    name: 'detail page resolve form',
    allowed: REVIEWER_UP,
    ui: true,
    ok: 303,
    request: async () => ({ url: `/alerts/${await fresh()}/act`, body: { action: 'resolve' }, form: true }),
  },
  {
    method: 'POST',
    name: 'queue bulk form',
    allowed: REVIEWER_UP,
    ui: true,
    ok: 303,
    request: async () => ({ url: '/alerts/bulk', body: { action: 'acknowledge', ids: await fresh() }, form: true }),
  },
  { method: 'GET', name: 'silences page', allowed: REVIEWER_UP, ui: true, request: async () => ({ url: '/silences' }) },
  { method: 'GET', name: 'subscription list', allowed: EVERYONE, request: async () => ({ url: '/api/subscriptions' }) },
  {
    method: 'POST',
    name: 'subscription create',
    allowed: EVERYONE,
    ok: 201,
    request: async () => ({ url: '/api/subscriptions', body: { name: `s-${unique()}`, channel: 'log', places: ['darat-izza'] } }),
  },
  { method: 'GET', name: 'subscription', allowed: EVERYONE, request: async (who) => ({ url: `/api/subscriptions/${await ownSubscription(who)}` }) },
  {
    method: 'PATCH',
    name: 'subscription update',
    allowed: EVERYONE,
    request: async (who) => ({ url: `/api/subscriptions/${await ownSubscription(who)}`, body: { enabled: false } }),
  },
  { method: 'DELETE', name: 'subscription delete', allowed: EVERYONE, request: async (who) => ({ url: `/api/subscriptions/${await ownSubscription(who)}` }) },
  {
    method: 'POST',
    name: 'subscription rotate secret',
    allowed: EVERYONE,
    request: async (who) => ({ url: `/api/subscriptions/${await ownSubscription(who, 'webhook')}/rotate-secret`, body: {} }),
  },
  { method: 'GET', name: 'notification list', allowed: OPERATOR_UP, request: async () => ({ url: '/api/notifications?status=dead' }) },
  { method: 'GET', name: 'notification', allowed: OPERATOR_UP, request: async () => ({ url: `/api/notifications/${await deadLetter()}` }) },
  {
    method: 'POST',
    name: 'notification retry',
    allowed: OPERATOR_UP,
    request: async () => ({ url: `/api/notifications/${await deadLetter()}/retry`, body: {} }),
  },
  { method: 'GET', name: 'prometheus metrics', allowed: OPERATOR_UP, request: async () => ({ url: '/metrics' }) },
  { method: 'GET', name: 'acknowledgement report', allowed: REVIEWER_UP, request: async () => ({ url: '/api/reports/acknowledgement?since=30d' }) },
  { method: 'GET', name: 'token list', allowed: EVERYONE, request: async () => ({ url: '/api/tokens' }) },
  { method: 'POST', name: 'token create', allowed: EVERYONE, ok: 201, request: async () => ({ url: '/api/tokens', body: { label: `matrix ${unique()}` } }) },
  { method: 'POST', name: 'token revoke', allowed: EVERYONE, request: async (who) => ({ url: `/api/tokens/${await ownToken(who)}/revoke`, body: {} }) },
  { method: 'GET', name: 'subscriptions page', allowed: EVERYONE, ui: true, request: async () => ({ url: '/subscriptions' }) },
  {
    method: 'POST',
    name: 'subscription create form',
    allowed: EVERYONE,
    ui: true,
    ok: 303,
    request: async () => ({ url: '/subscriptions', body: { name: `f-${unique()}`, channel: 'log', places: 'darat-izza' }, form: true }),
  },
  {
    method: 'POST',
    name: 'subscription rotate form',
    allowed: EVERYONE,
    ui: true,
    request: async (who) => ({ url: `/subscriptions/${await ownSubscription(who, 'webhook')}/rotate`, body: {}, form: true }),
  },
  {
    method: 'POST',
    name: 'subscription delete form',
    allowed: EVERYONE,
    ui: true,
    ok: 303,
    request: async (who) => ({ url: `/subscriptions/${await ownSubscription(who)}/delete`, body: {}, form: true }),
  },
  { method: 'GET', name: 'notifications page', allowed: OPERATOR_UP, ui: true, request: async () => ({ url: '/notifications' }) },
  {
    method: 'POST',
    name: 'notification retry form',
    allowed: OPERATOR_UP,
    ui: true,
    ok: 303,
    request: async () => ({ url: `/notifications/${await deadLetter()}/retry`, body: {}, form: true }),
  },
  { method: 'GET', name: 'feeds page', allowed: OPERATOR_UP, ui: true, request: async () => ({ url: '/feeds' }) },
  { method: 'GET', name: 'failed posts page', allowed: OPERATOR_UP, ui: true, request: async () => ({ url: '/failed' }) },
  {
    method: 'POST',
    name: 'failed post retry form',
    allowed: OPERATOR_UP,
    ui: true,
    ok: 303,
    request: async () => ({ url: `/failed/${await failedPost()}/retry`, body: {}, form: true }),
  },
  {
    method: 'POST',
    name: 'failed posts retry all form',
    allowed: OPERATOR_UP,
    ui: true,
    ok: 303,
    request: async () => ({ url: '/failed/retry-all', body: {}, form: true }),
  },
  { method: 'GET', name: 'places overview', allowed: EVERYONE, ui: true, request: async () => ({ url: '/places' }) },
  // The officer's own place; out-of-scope places are 404 (tested in overview-pages).
  { method: 'GET', name: 'place page', allowed: EVERYONE, ui: true, request: async () => ({ url: '/places/darat-izza' }) },
];

function headersFor(role: UserRole): Record<string, string> {
  const session = sessions.get(role)!;
  return { cookie: session.cookie, 'x-csrf-token': session.csrf };
}

beforeAll(async () => {
  // Webhook subscriptions store their signing secret encrypted with this key.
  vi.stubEnv('PLACEWATCH_SECRET_KEY', 'matrix-key-for-subscription-secrets');
  t = await openApiTestRuntime('apimatrix');
  app = await buildApiServer(t.runtime, { loginRateLimit: { max: 1000, timeWindow: 60_000 } });
  users = await seedUsers(t.runtime.database.db);
  for (const role of ROLES) sessions.set(role, await login(app, users[role]));
  sharedAlert = await fresh();
});

afterAll(async () => {
  await app?.close();
  await t?.dispose();
  vi.unstubAllEnvs();
});

const CASES = ENDPOINTS.flatMap((endpoint) => (['anonymous', ...ROLES] as Who[]).map((who) => ({ endpoint, who })));

describe('authorization matrix: every endpoint × every role', () => {
  it.each(CASES.map((c) => [`${c.endpoint.method} ${c.endpoint.name} as ${c.who}`, c] as const))('%s', async (_label, { endpoint, who }) => {
    const { url, body, form } = await endpoint.request(who);
    const headers: Record<string, string> = who === 'anonymous' ? {} : headersFor(who);
    let payload: string | Record<string, unknown> | undefined = body;
    if (form && body) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams({ ...(body as Record<string, string>), _csrf: who === 'anonymous' ? '' : sessions.get(who)!.csrf }).toString();
    }
    const response = await app.inject({ method: endpoint.method, url, headers, ...(payload !== undefined ? { payload } : {}) });

    const allowed = endpoint.allowed === 'public' || (who !== 'anonymous' && endpoint.allowed.includes(who));
    if (allowed) {
      expect(response.statusCode, response.body.slice(0, 300)).toBe(endpoint.ok ?? 200);
    } else if (who === 'anonymous') {
      if (endpoint.ui) {
        expect(response.statusCode).toBe(303);
        expect(response.headers.location).toBe('/login');
      } else {
        expect(response.statusCode).toBe(401);
        expect(response.json()).toMatchObject({ error: { code: 'AUTH_REQUIRED' } });
      }
    } else {
      expect(response.statusCode, response.body.slice(0, 300)).toBe(403);
      if (!endpoint.ui) expect(response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
  });
});
