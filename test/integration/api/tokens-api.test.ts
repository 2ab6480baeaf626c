import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import { listAudit } from '../../../src/users/index.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';
import { login, seedUsers, type SeededUser, type Session } from './api-fixtures.js';
import { openApiTestRuntime } from './api-runtime.js';

type Role = SeededUser['role'];
let t: TestRuntime;
let app: FastifyInstance;
let users: Awaited<ReturnType<typeof seedUsers>>;
const sessions: Partial<Record<Role, Session>> = {};

const call = (role: Role, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
  app.inject({ method, url, headers: { cookie: sessions[role]!.cookie, 'x-csrf-token': sessions[role]!.csrf }, ...(payload ? { payload } : {}) });
const bearer = (token: string, url = '/api/auth/me', method: 'GET' | 'POST' = 'GET', payload?: Record<string, unknown>) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
interface TokenView {
  id: number;
  label: string;
  user_email: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

beforeAll(async () => {
  t = await openApiTestRuntime('apitokens');
  app = await buildApiServer(t.runtime, { loginRateLimit: { max: 1000, timeWindow: 60_000 } });
  users = await seedUsers(t.runtime.database.db);
  for (const role of ['officer', 'reviewer', 'admin'] as const) sessions[role] = await login(app, users[role]);
});

afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

describe('API tokens', () => {
  it('creates a token shown once, lists it without the token, and a revoked token gets 401', async () => {
    const created = await call('officer', 'POST', '/api/tokens', { label: 'alert bot' });
    expect(created.statusCode, created.body).toBe(201);
    const { token, api_token } = created.json() as { token: string; api_token: TokenView };
    expect(token).toMatch(/^pwt_/);
    expect(api_token).toMatchObject({ label: 'alert bot', user_email: users.officer.email, last_used_at: null, revoked_at: null });

    expect((await bearer(token)).json()).toMatchObject({ user: { email: users.officer.email }, via: 'token' });
    const listed = await call('officer', 'GET', '/api/tokens');
    expect(listed.body).not.toContain(token);
    expect(listed.body).not.toContain('token_hash');
    const mine = (listed.json() as { tokens: TokenView[] }).tokens;
    expect(mine).toEqual([expect.objectContaining({ id: api_token.id, label: 'alert bot' })]);
    expect(mine[0]!.last_used_at).not.toBeNull();

    const revoked = await call('officer', 'POST', `/api/tokens/${api_token.id}/revoke`, {});
    expect(revoked.statusCode).toBe(200);
    expect((revoked.json() as { api_token: TokenView }).api_token.revoked_at).not.toBeNull();
    const refused = await bearer(token);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ error: { code: 'TOKEN_INVALID' } });
    // Revoking twice is harmless.
    expect((await call('officer', 'POST', `/api/tokens/${api_token.id}/revoke`, {})).statusCode).toBe(200);

    const audit = (await listAudit(t.runtime.database.db)).filter((e) => e.subject_type === 'api_token' && e.subject_id === String(api_token.id));
    expect(audit.map((e) => e.action).sort()).toEqual(['token.create', 'token.revoke']);
    expect(audit.every((e) => e.actor === users.officer.email)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("others' tokens are not visible or revocable, except to admins", async () => {
    const { token, api_token } = (await call('reviewer', 'POST', '/api/tokens', { label: 'reviewer script' })).json() as {
      token: string;
      api_token: TokenView;
    };
    const officerList = (await call('officer', 'GET', '/api/tokens')).json() as { tokens: TokenView[] };
    expect(officerList.tokens.map((x) => x.id)).not.toContain(api_token.id);
    expect((await call('officer', 'GET', '/api/tokens?all=true')).statusCode).toBe(403);
    expect((await call('officer', 'POST', `/api/tokens/${api_token.id}/revoke`, {})).statusCode).toBe(404);
    expect((await bearer(token)).statusCode).toBe(200);

    const everyone = (await call('admin', 'GET', '/api/tokens?all=true')).json() as { tokens: TokenView[] };
    expect(everyone.tokens.map((x) => x.id)).toContain(api_token.id);
    expect((await call('admin', 'POST', `/api/tokens/${api_token.id}/revoke`, {})).statusCode).toBe(200);
    expect((await bearer(token)).statusCode).toBe(401);
    const entry = (await listAudit(t.runtime.database.db)).find((e) => e.action === 'token.revoke' && e.subject_id === String(api_token.id));
    expect(entry).toMatchObject({ actor: users.admin.email, before: { revoked_at: null }, after: { user: users.reviewer.email } });
  });

  it('a token cannot mint more tokens, but may revoke itself', async () => {
    const { token, api_token } = (await call('officer', 'POST', '/api/tokens', { label: 'integration' })).json() as { token: string; api_token: TokenView };
    const minted = await bearer(token, '/api/tokens', 'POST', { label: 'copy' });
    expect(minted.statusCode).toBe(403);
    expect((await bearer(token, '/api/tokens')).statusCode).toBe(200);
    expect((await bearer(token, `/api/tokens/${api_token.id}/revoke`, 'POST', {})).statusCode).toBe(200);
    expect((await bearer(token, '/api/tokens')).statusCode).toBe(401);
    expect((await call('officer', 'POST', '/api/tokens', { label: '' })).statusCode).toBe(400);
  });
});
