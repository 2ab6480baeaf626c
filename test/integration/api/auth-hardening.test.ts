import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import { currentTotp, openTotpSecret, recordLoginAttempt, storedSecretKey } from '../../../src/auth/index.js';
import { addUser, findUserByEmail } from '../../../src/users/index.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';
import { cookiePair, login, PASSWORD, seedUsers, tokenFor, type SeededUser, type Session } from './api-fixtures.js';
import { openApiTestRuntime } from './api-runtime.js';

let t: TestRuntime;
let app: FastifyInstance;
let ipCounter = 0;
/** Each call gets its own client address unless a test says otherwise. */
const nextIp = () => `10.7.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

beforeAll(async () => {
  t = await openApiTestRuntime('apiharden');
  app = await buildApiServer(t.runtime, { loginRateLimit: { max: 1000, timeWindow: 60_000 } });
});

afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

const db = () => t.runtime.database.db;

async function freshUsers(): Promise<Record<SeededUser['role'], SeededUser>> {
  return seedUsers(db(), `-${Math.random().toString(36).slice(2, 8)}`);
}

async function newUser(role: SeededUser['role']): Promise<SeededUser> {
  const email = `${role}-${Math.random().toString(36).slice(2)}@example.org`;
  await addUser(db(), { email, role, password: PASSWORD, actor: 'test' });
  return { email, role, totpSecret: null };
}

/** POST /api/auth/login as a browser would (pre-login CSRF cookie), from `ip`. */
async function passwordStep(email: string, password: string, ip = nextIp(), extra: Record<string, string> = {}) {
  const pre = await app.inject({ method: 'GET', url: '/api/auth/csrf', remoteAddress: ip });
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: ip,
    headers: { cookie: cookiePair(pre.headers['set-cookie'], 'pw_csrf'), 'x-csrf-token': (pre.json() as { csrfToken: string }).csrfToken },
    payload: { email, password, ...extra },
  });
  return { response, ip, ...(response.statusCode === 200 ? sessionOf(response) : { cookie: '', csrf: '' }) };
}

function sessionOf(response: LightMyRequestResponse): Session {
  return { cookie: cookiePair(response.headers['set-cookie'], 'pw_session'), csrf: (response.json() as { csrfToken: string }).csrfToken };
}

const withSession = (session: Session, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>, ip?: string) =>
  app.inject({
    method,
    url,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    ...(payload ? { payload } : {}),
    ...(ip ? { remoteAddress: ip } : {}),
  });

describe('TOTP enrolment needs the enrolment stage or a full session', () => {
  it('the password alone of an admin with TOTP cannot reach a new authenticator (API)', async () => {
    const { admin } = await freshUsers();
    const half = await passwordStep(admin.email, PASSWORD);
    expect(half.response.json()).toMatchObject({ stage: 'totp' });
    const get = await withSession(half, 'GET', '/api/auth/totp/enrol');
    expect(get.statusCode).toBe(403);
    expect(JSON.stringify(get.json())).not.toMatch(/otpauth/);
    // Even a secret the attacker made up and a matching code must not turn into a session.
    const post = await withSession(half, 'POST', '/api/auth/totp/enrol', { code: '123456' });
    expect(post.statusCode).toBe(403);
    expect(post.headers['set-cookie']).toBeUndefined();
    expect((await withSession(half, 'GET', '/api/users')).statusCode).toBe(401);
    // The victim's authenticator still works.
    const next = await passwordStep(admin.email, PASSWORD, nextIp(), { totp: currentTotp(admin.totpSecret!) });
    expect(next.response.json()).toMatchObject({ stage: 'full' });
  });

  it('the UI sends a half-signed-in admin with TOTP from /enrol back to the code step', async () => {
    const { admin } = await freshUsers();
    const half = await passwordStep(admin.email, PASSWORD);
    const page = await app.inject({ method: 'GET', url: '/enrol', headers: { cookie: half.cookie } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login/totp');
    expect(page.body).not.toMatch(/otpauth/);
    const form = await app.inject({
      method: 'POST',
      url: '/enrol',
      headers: { cookie: half.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: half.csrf, code: '123456' }).toString(),
    });
    expect(form.statusCode).toBe(303);
    expect(form.headers.location).toBe('/login/totp');
    expect(form.headers['set-cookie']).toBeUndefined();
  });

  it('replacing an authenticator from a full session needs the current code, and ends the other sessions', async () => {
    const { admin } = await freshUsers();
    // The admin's codes used so far, by 30-second step: a code is accepted once.
    const mineAt = Date.now();
    const mine = await login(app, admin, { ip: nextIp(), totpAt: mineAt });
    const otherAt = Date.now() + 30_000;
    const other = await login(app, admin, { ip: nextIp(), totpAt: otherAt });
    const usedSteps = new Set([mineAt, otherAt].map((t) => Math.floor(t / 30_000)));
    const { secret } = (await withSession(mine, 'GET', '/api/auth/totp/enrol')).json() as { secret: string };
    const withoutCurrent = await withSession(mine, 'POST', '/api/auth/totp/enrol', { code: currentTotp(secret) });
    expect(withoutCurrent.statusCode).toBe(401);
    expect(withoutCurrent.json()).toMatchObject({ error: { code: 'TOTP_INVALID' } });
    const wrongCurrent = await withSession(mine, 'POST', '/api/auth/totp/enrol', { code: currentTotp(secret, Date.now() - 30_000), currentCode: '000000' });
    expect(wrongCurrent.statusCode).toBe(401);
    // A current code not used yet, within the one step of drift allowed, however slow the steps above were.
    const now = Date.now();
    const unusedAt = [now - 30_000, now, now + 30_000].find((t) => !usedSteps.has(Math.floor(t / 30_000)))!;
    const enrolledAt = Date.now() + 30_000;
    const done = await withSession(mine, 'POST', '/api/auth/totp/enrol', {
      code: currentTotp(secret, enrolledAt),
      currentCode: currentTotp(admin.totpSecret!, unusedAt),
    });
    expect(done.statusCode, done.body).toBe(200);
    expect((await withSession(mine, 'GET', '/api/users')).statusCode).toBe(200);
    expect((await withSession(other, 'GET', '/api/users')).statusCode).toBe(401);
    // The old authenticator no longer signs in; the new one does.
    const old = await passwordStep(admin.email, PASSWORD, nextIp(), { totp: currentTotp(admin.totpSecret!) });
    expect(old.response.statusCode).toBe(401);
    // Not the new authenticator's step used to enrol it (a code is accepted once): on a slow box the
    // clock may have reached that step by now.
    const later = Date.now();
    const renewAt = [later, later + 30_000, later - 30_000].find((t) => Math.floor(t / 30_000) !== Math.floor(enrolledAt / 30_000))!;
    const renewed = await passwordStep(admin.email, PASSWORD, nextIp(), { totp: currentTotp(secret, renewAt) });
    expect(renewed.response.json()).toMatchObject({ stage: 'full' });
  });
});

describe('TOTP secrets at rest', () => {
  it('stores the enrolled secret sealed and clears it from the session once used', async () => {
    const admin = await newUser('admin');
    const half = await passwordStep(admin.email, PASSWORD);
    expect(half.response.json()).toMatchObject({ stage: 'enrol' });
    const { secret } = (await withSession(half, 'GET', '/api/auth/totp/enrol')).json() as { secret: string };
    const user = (await findUserByEmail(db(), admin.email))!;
    const pending = await db().selectFrom('sessions').select('enrol_secret').where('user_id', '=', user.id).execute();
    expect(JSON.stringify(pending)).not.toContain(secret);
    const done = await withSession(half, 'POST', '/api/auth/totp/enrol', { code: currentTotp(secret) });
    expect(done.statusCode, done.body).toBe(200);
    const stored = (await findUserByEmail(db(), admin.email))!.totp_secret!;
    expect(stored).not.toContain(secret);
    expect(openTotpSecret(storedSecretKey(t.runtime.env), stored)).toBe(secret);
    const sessions = await db().selectFrom('sessions').select('enrol_secret').where('user_id', '=', user.id).execute();
    expect(sessions.every((s) => s.enrol_secret === null)).toBe(true);
  });
});

describe('password reset', () => {
  it("revokes the user's API tokens as well as their sessions", async () => {
    const users = await freshUsers();
    const officerSession = await login(app, users.officer, { ip: nextIp() });
    const token = await tokenFor(db(), users.officer.email);
    expect((await app.inject({ method: 'GET', url: '/api/alerts', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    const admin = await login(app, users.admin, { ip: nextIp() });
    const officerId = (await findUserByEmail(db(), users.officer.email))!.id;
    const reset = await withSession(admin, 'POST', `/api/users/${officerId}/reset`, {});
    expect(reset.statusCode, reset.body).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/alerts', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    expect((await withSession(officerSession, 'GET', '/api/alerts')).statusCode).toBe(401);
  });
});

describe('login delays instead of a lockout', () => {
  it('wrong passwords from one address do not lock the officer out: their usual address gets in at once, a new one after a short delay', async () => {
    const officer = await newUser('officer');
    const usual = nextIp();
    expect((await passwordStep(officer.email, PASSWORD, usual)).response.statusCode).toBe(200);
    const attacker = nextIp();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await passwordStep(officer.email, 'wrong password', attacker)).response.statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // A sustained attacker: ten more failures from that address on record. The first delays are a
    // second or two, which a slow box can outlast between two requests; this one outlasts the test.
    for (let i = 0; i < 10; i++) await recordLoginAttempt(db(), officer.email, attacker, false);
    expect((await passwordStep(officer.email, 'wrong password', attacker)).response.statusCode).toBe(429);
    // The attacker's own address now waits, even with the right password.
    const attackerRight = await passwordStep(officer.email, PASSWORD, attacker);
    expect(attackerRight.response.statusCode).toBe(429);
    expect(Number(attackerRight.response.headers['retry-after'])).toBeGreaterThan(0);
    // The officer's usual address is not slowed by strangers.
    expect((await passwordStep(officer.email, PASSWORD, usual)).response.statusCode).toBe(200);
  });

  it('a new address waits at most a bounded delay, then the right password gets in', async () => {
    const officer = await newUser('officer');
    // Failures spread over many addresses (each address stays under its own limit).
    for (let i = 0; i < 6; i++) await passwordStep(officer.email, 'wrong password', nextIp());
    let attempt = await passwordStep(officer.email, PASSWORD, nextIp());
    if (attempt.response.statusCode === 429) {
      const wait = Number(attempt.response.headers['retry-after']);
      expect(wait).toBeLessThanOrEqual(30);
      await new Promise((r) => setTimeout(r, wait * 1000));
      attempt = await passwordStep(officer.email, PASSWORD, nextIp());
    }
    expect(attempt.response.statusCode).toBe(200);
  });

  it('the TOTP step is limited too: a pending session ends after 5 wrong codes, and the account waits', async () => {
    const { operator } = await freshUsers();
    const ip = nextIp();
    const half = await passwordStep(operator.email, PASSWORD, ip);
    expect(half.response.json()).toMatchObject({ stage: 'totp' });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await withSession(half, 'POST', '/api/auth/totp', { code: String(100000 + i) }, ip)).statusCode);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    // After the fifth wrong code the session is gone: no more guesses without the password.
    expect(statuses.slice(5)).toEqual([401, 401]);
    const right = await withSession(half, 'POST', '/api/auth/totp', { code: currentTotp(operator.totpSecret!) }, ip);
    expect(right.statusCode).toBe(401);
    expect(right.json()).toMatchObject({ error: { code: 'AUTH_REQUIRED' } });
    // The wrong codes counted against the account: after the password again, one more wrong code
    // and the next try, even with the right code, has to wait.
    const again = await passwordStep(operator.email, PASSWORD, ip);
    expect(again.response.json()).toMatchObject({ stage: 'totp' });
    expect((await withSession(again, 'POST', '/api/auth/totp', { code: '999999' }, ip)).statusCode).toBe(401);
    const waited = await withSession(again, 'POST', '/api/auth/totp', { code: currentTotp(operator.totpSecret!) }, ip);
    expect(waited.statusCode).toBe(429);
    expect(waited.json()).toMatchObject({ error: { code: 'LOGIN_LOCKED' } });
  });
});
