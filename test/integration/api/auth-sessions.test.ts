import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import { currentTotp } from '../../../src/auth/index.js';
import { addUser, disableUser, findUserByEmail } from '../../../src/users/index.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';
import { cookiePair, login, PASSWORD, seedUsers, tokenFor, type SeededUser } from './api-fixtures.js';
import { openApiTestRuntime } from './api-runtime.js';

let t: TestRuntime;
let app: FastifyInstance;
let users: Awaited<ReturnType<typeof seedUsers>>;
let ipCounter = 0;
/** Each test logs in from its own address, so the per-address login limit never couples tests. */
const nextIp = () => `10.1.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

beforeAll(async () => {
  t = await openApiTestRuntime('apiauth');
  app = await buildApiServer(t.runtime, { loginRateLimit: { max: 5, timeWindow: 60_000 } });
  users = await seedUsers(t.runtime.database.db);
});

afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

async function preLogin(ip = nextIp()) {
  const pre = await app.inject({ method: 'GET', url: '/api/auth/csrf', remoteAddress: ip });
  return { ip, cookie: cookiePair(pre.headers['set-cookie'], 'pw_csrf'), token: (pre.json() as { csrfToken: string }).csrfToken };
}

async function postLogin(body: Record<string, unknown>, ip = nextIp()) {
  const pre = await preLogin(ip);
  return app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, headers: { cookie: pre.cookie, 'x-csrf-token': pre.token }, payload: body });
}

async function newUser(role: 'officer' | 'reviewer' | 'operator' | 'admin'): Promise<SeededUser> {
  const email = `${role}-${Math.random().toString(36).slice(2)}@example.org`;
  await addUser(t.runtime.database.db, { email, role, password: PASSWORD, actor: 'test' });
  return { email, role, totpSecret: null };
}

describe('password login and sessions', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and the session works for the API', async () => {
    const response = await postLogin({ email: users.reviewer.email, password: PASSWORD });
    expect(response.statusCode).toBe(200);
    const setCookie = [response.headers['set-cookie']].flat().find((c) => c!.startsWith('pw_session='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).not.toMatch(/Secure/i); // plain http public URL in tests
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookiePair(response.headers['set-cookie'], 'pw_session') } });
    expect(me.json()).toMatchObject({ user: { email: users.reviewer.email, role: 'reviewer' }, via: 'session' });
  });

  it('refuses a wrong password or an unknown email with the same answer', async () => {
    const wrong = await postLogin({ email: users.reviewer.email, password: 'nope nope nope' });
    const unknown = await postLogin({ email: 'nobody@example.org', password: 'nope nope nope' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toMatchObject({ error: { code: 'LOGIN_FAILED' } });
  });

  it('logout revokes the session on the server, not only the cookie', async () => {
    const session = await login(app, users.officer, { ip: nextIp() });
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });
    expect(out.statusCode).toBe(200);
    const after = await app.inject({ method: 'GET', url: '/api/alerts', headers: { cookie: session.cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('ends a session after 30 minutes idle', async () => {
    const session = await login(app, users.officer, { ip: nextIp() });
    await t.runtime.database.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(Date.now() - 31 * 60_000) })
      .where('revoked_at', 'is', null)
      .where('user_id', '=', (await findUserByEmail(t.runtime.database.db, users.officer.email))!.id)
      .execute();
    expect((await app.inject({ method: 'GET', url: '/api/alerts', headers: { cookie: session.cookie } })).statusCode).toBe(401);
  });

  it('ends a session at its absolute expiry even while in use', async () => {
    const user = await newUser('reviewer');
    const session = await login(app, user, { ip: nextIp() });
    expect((await app.inject({ method: 'GET', url: '/api/alerts', headers: { cookie: session.cookie } })).statusCode).toBe(200);
    const id = (await findUserByEmail(t.runtime.database.db, user.email))!.id;
    await t.runtime.database.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', id)
      .execute();
    expect((await app.inject({ method: 'GET', url: '/api/alerts', headers: { cookie: session.cookie } })).statusCode).toBe(401);
  });

  it('a disabled user loses live sessions and cannot log in', async () => {
    const user = await newUser('reviewer');
    const session = await login(app, user, { ip: nextIp() });
    await disableUser(t.runtime.database.db, user.email, 'test');
    expect((await app.inject({ method: 'GET', url: '/api/alerts', headers: { cookie: session.cookie } })).statusCode).toBe(401);
    expect((await postLogin({ email: user.email, password: PASSWORD })).statusCode).toBe(401);
  });
});

describe('TOTP second factor', () => {
  it('an admin without TOTP must enrol before anything else, then logs in with a code', async () => {
    const admin = await newUser('admin');
    const first = await postLogin({ email: admin.email, password: PASSWORD });
    expect(first.json()).toMatchObject({ stage: 'enrol', user: null });
    const cookie = cookiePair(first.headers['set-cookie'], 'pw_session');
    const csrf = (first.json() as { csrfToken: string }).csrfToken;
    expect((await app.inject({ method: 'GET', url: '/api/alerts', headers: { cookie } })).statusCode).toBe(401);

    const enrol = await app.inject({ method: 'GET', url: '/api/auth/totp/enrol', headers: { cookie } });
    const { secret, uri } = enrol.json() as { secret: string; uri: string };
    expect(uri).toMatch(/^otpauth:\/\/totp\/placewatch:/);
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/totp/enrol', headers: { cookie, 'x-csrf-token': csrf }, payload: { code: '000000' } });
    expect(wrong.statusCode).toBe(401);
    const done = await app.inject({
      method: 'POST',
      url: '/api/auth/totp/enrol',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { code: currentTotp(secret) },
    });
    expect(done.json()).toMatchObject({ stage: 'full', user: { email: admin.email, totpEnabled: true } });
    // The pending session's cookie never becomes a full session (fixation); the new one does.
    expect((await app.inject({ method: 'GET', url: '/api/alerts', headers: { cookie } })).statusCode).toBe(401);
    const full = cookiePair(done.headers['set-cookie'], 'pw_session');
    expect((await app.inject({ method: 'GET', url: '/api/users', headers: { cookie: full } })).statusCode).toBe(200);

    const second = await postLogin({ email: admin.email, password: PASSWORD });
    expect(second.json()).toMatchObject({ stage: 'totp' });
    const pending = cookiePair(second.headers['set-cookie'], 'pw_session');
    const pendingCsrf = (second.json() as { csrfToken: string }).csrfToken;
    const next = currentTotp(secret, Date.now() + 30_000);
    const ok = await app.inject({ method: 'POST', url: '/api/auth/totp', headers: { cookie: pending, 'x-csrf-token': pendingCsrf }, payload: { code: next } });
    expect(ok.json()).toMatchObject({ stage: 'full' });
  });

  it('refuses a wrong code and a replayed code', async () => {
    const third = await postLogin({ email: users.operator.email, password: PASSWORD });
    const cookie = cookiePair(third.headers['set-cookie'], 'pw_session');
    const csrf = (third.json() as { csrfToken: string }).csrfToken;
    const bad = await app.inject({ method: 'POST', url: '/api/auth/totp', headers: { cookie, 'x-csrf-token': csrf }, payload: { code: '123456' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toMatchObject({ error: { code: 'TOTP_INVALID' } });
    const code = currentTotp(users.operator.totpSecret!, Date.now() - 30_000);
    const used = await postLogin({ email: users.operator.email, password: PASSWORD, totp: code });
    expect(used.statusCode).toBe(200);
    const replay = await postLogin({ email: users.operator.email, password: PASSWORD, totp: code });
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ error: { code: 'TOTP_INVALID' } });
  });

  it('officers and reviewers sign in without TOTP and may enrol one', async () => {
    const officer = await newUser('officer');
    const first = await postLogin({ email: officer.email, password: PASSWORD });
    expect(first.json()).toMatchObject({ stage: 'full' });
    const cookie = cookiePair(first.headers['set-cookie'], 'pw_session');
    const csrf = (first.json() as { csrfToken: string }).csrfToken;
    const { secret } = (await app.inject({ method: 'GET', url: '/api/auth/totp/enrol', headers: { cookie } })).json() as { secret: string };
    const done = await app.inject({
      method: 'POST',
      url: '/api/auth/totp/enrol',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { code: currentTotp(secret) },
    });
    expect(done.statusCode).toBe(200);
    expect((await postLogin({ email: officer.email, password: PASSWORD })).json()).toMatchObject({ stage: 'totp' });
  });
});

describe('CSRF protection', () => {
  it('refuses a state-changing request with the session cookie but no CSRF token', async () => {
    const session = await login(app, users.reviewer, { ip: nextIp() });
    const response = await app.inject({
      method: 'POST',
      url: '/api/silences',
      headers: { cookie: session.cookie },
      payload: { kind: 'place', place: 'taqad', reason: 'r', owner: 'o@x', duration_minutes: 5 },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'CSRF_INVALID' } });
  });

  it('refuses a wrong token and the token of another session', async () => {
    const mine = await login(app, users.reviewer, { ip: nextIp() });
    const other = await login(app, users.officer, { ip: nextIp() });
    for (const token of ['x'.repeat(32), other.csrf]) {
      const response = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: mine.cookie, 'x-csrf-token': token } });
      expect(response.statusCode).toBe(403);
    }
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: mine.cookie } })).statusCode).toBe(200);
  });

  it('accepts the token as a form field (HTML forms) and refuses a form without it', async () => {
    const session = await login(app, users.officer, { ip: nextIp() });
    const form = (extra: string) =>
      app.inject({
        method: 'POST',
        url: '/logout',
        headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: extra,
      });
    expect((await form('')).statusCode).toBe(403);
    const ok = await form(`_csrf=${encodeURIComponent(session.csrf)}`);
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/login');
  });

  it('login itself needs the double-submit token (no login CSRF)', async () => {
    const ip = nextIp();
    const bare = await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { email: users.reviewer.email, password: PASSWORD } });
    expect(bare.statusCode).toBe(403);
    const pre = await preLogin(ip);
    const mismatched = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: ip,
      headers: { cookie: pre.cookie, 'x-csrf-token': 'y'.repeat(32) },
      payload: { email: users.reviewer.email, password: PASSWORD },
    });
    expect(mismatched.statusCode).toBe(403);
  });

  it('someone half signed in (TOTP pending) can start over at the login form', async () => {
    const ip = nextIp();
    const pre = await preLogin(ip);
    const first = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: ip,
      headers: { cookie: pre.cookie, 'x-csrf-token': pre.token },
      payload: { email: users.admin.email, password: PASSWORD },
    });
    expect(first.json()).toMatchObject({ stage: 'totp' });
    const pending = cookiePair(first.headers['set-cookie'], 'pw_session');
    const again = await app.inject({
      method: 'POST',
      url: '/login',
      remoteAddress: ip,
      headers: { cookie: `${pre.cookie}; ${pending}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: pre.token, email: users.reviewer.email, password: PASSWORD }).toString(),
    });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/alerts');
  });

  it('Bearer-token requests need no CSRF token (no ambient credentials)', async () => {
    const token = await tokenFor(t.runtime.database.db, users.reviewer.email);
    const response = await app.inject({
      method: 'POST',
      url: '/api/silences',
      headers: { authorization: `Bearer ${token}` },
      payload: { kind: 'place', place: 'taqad', reason: 'drill', owner: 'lead@example.org', duration_minutes: 5 },
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('login rate limiting', () => {
  it('limits login attempts per client address (429) without affecting other addresses', async () => {
    const ip = nextIp();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await postLogin({ email: 'x@example.org', password: 'wrong password' }, ip)).statusCode);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const limited = await postLogin({ email: users.reviewer.email, password: PASSWORD }, ip);
    expect(limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect((await postLogin({ email: users.reviewer.email, password: PASSWORD })).statusCode).toBe(200);
  });

  it('slows an account after 5 failures from any addresses, by a delay it states and that is capped, never a lockout', async () => {
    const user = await newUser('reviewer');
    for (let i = 0; i < 6; i++) expect((await postLogin({ email: user.email, password: 'wrong password' })).statusCode).toBe(401);
    const slowed = await postLogin({ email: user.email, password: PASSWORD });
    expect(slowed.statusCode).toBe(429);
    expect(slowed.json()).toMatchObject({ error: { code: 'LOGIN_LOCKED' } });
    expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(slowed.headers['retry-after'])).toBeLessThanOrEqual(30);
  });
});

describe('API tokens', () => {
  it('accepts a valid Bearer token and refuses unknown or revoked ones', async () => {
    const token = await tokenFor(t.runtime.database.db, users.officer.email);
    const ok = await app.inject({ method: 'GET', url: '/api/alerts', headers: { authorization: `Bearer ${token}` } });
    expect(ok.statusCode).toBe(200);
    const bad = await app.inject({ method: 'GET', url: '/api/alerts', headers: { authorization: `Bearer ${token}x` } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toMatchObject({ error: { code: 'TOKEN_INVALID' } });
    await t.runtime.database.db.updateTable('api_tokens').set({ revoked_at: new Date() }).execute();
    expect((await app.inject({ method: 'GET', url: '/api/alerts', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });

  it('stores only a hash of the token', async () => {
    const token = await tokenFor(t.runtime.database.db, users.reviewer.email);
    const rows = await t.runtime.database.db.selectFrom('api_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
  });
});

describe('Secure cookies behind TLS', () => {
  it('marks cookies Secure and sends HSTS when the public URL is https', async () => {
    const tls = await openApiTestRuntime('apitls', { PLACEWATCH_PUBLIC_URL: 'https://placewatch.example.org' });
    const tlsApp = await buildApiServer(tls.runtime);
    try {
      const tlsUsers = await seedUsers(tls.runtime.database.db);
      const pre = await tlsApp.inject({ method: 'GET', url: '/api/auth/csrf' });
      expect(String(pre.headers['set-cookie'])).toMatch(/Secure/);
      const response = await tlsApp.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { cookie: cookiePair(pre.headers['set-cookie'], 'pw_csrf'), 'x-csrf-token': (pre.json() as { csrfToken: string }).csrfToken },
        payload: { email: tlsUsers.reviewer.email, password: PASSWORD },
      });
      const session = [response.headers['set-cookie']].flat().find((c) => c!.startsWith('pw_session='))!;
      expect(session).toMatch(/; Secure/);
      expect(response.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    } finally {
      await tlsApp.close();
      await tls.dispose();
    }
  });
});
