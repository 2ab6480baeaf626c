import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import { findUserByEmail, verifyPassword } from '../../../src/users/index.js';
import { runCli } from '../../helpers/run-cli.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';
import { API_TEST_CONFIG, openApiTestRuntime } from './api-runtime.js';

let t: TestRuntime;
let app: FastifyInstance;
const cli = (args: string[], input?: string) => runCli(['--config', API_TEST_CONFIG, ...args], t.env, input === undefined ? {} : { input });

beforeAll(async () => {
  t = await openApiTestRuntime('apicli');
  app = await buildApiServer(t.runtime);
});

afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

describe('placewatch user and token commands', () => {
  it('user add generates and prints a password once; token create prints a token the API accepts', async () => {
    const added = await cli(['user', 'add', '--email', 'cli-officer@example.org', '--role', 'officer', '--places', 'darat-izza,taqad']);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const password = /password \(shown once\): (\S+)/.exec(added.stdout)?.[1];
    expect(password).toBeTruthy();
    const row = (await findUserByEmail(t.runtime.database.db, 'cli-officer@example.org'))!;
    expect(row).toMatchObject({ role: 'officer', places: ['darat-izza', 'taqad'] });
    expect(row.password_hash).not.toContain(password!);
    expect(await verifyPassword(password!, row.password_hash)).toBe(true);

    const token = await cli(['token', 'create', '--email', 'cli-officer@example.org']);
    expect(token.code).toBe(0);
    const secret = token.stdout.trim();
    expect(secret).toMatch(/^pwt_[A-Za-z0-9_-]{40,}$/);
    const response = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${secret}` } });
    expect(response.json()).toMatchObject({ user: { email: 'cli-officer@example.org', role: 'officer' }, via: 'token' });
  });

  it('user add reads the password from stdin when piped', async () => {
    const added = await cli(['user', 'add', '--email', 'piped@example.org', '--role', 'reviewer'], 'a long piped password\n');
    expect(added.code).toBe(0);
    expect(added.stdout).not.toContain('password');
    const row = (await findUserByEmail(t.runtime.database.db, 'piped@example.org'))!;
    expect(await verifyPassword('a long piped password', row.password_hash)).toBe(true);
  });

  it('rejects an unknown role and a duplicate email with one clear line', async () => {
    const role = await cli(['user', 'add', '--email', 'x@example.org', '--role', 'boss']);
    expect(role.code).toBe(1);
    expect(role.stderr).toMatch(/^placewatch: INPUT_INVALID: unknown role "boss"/);
    const dup = await cli(['user', 'add', '--email', 'PIPED@example.org', '--role', 'reviewer']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);
  });

  it('user disable ends API access; user reset prints a new password and keeps a disable unless --enable', async () => {
    const token = (await cli(['token', 'create', '--email', 'piped@example.org'])).stdout.trim();
    expect((await cli(['user', 'disable', '--email', 'piped@example.org'])).stdout).toBe('disabled piped@example.org\n');
    expect((await app.inject({ method: 'GET', url: '/api/alerts', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    const stillDisabled = await cli(['user', 'reset', '--email', 'piped@example.org']);
    expect(stillDisabled.stdout).toMatch(/still disabled/);
    expect((await findUserByEmail(t.runtime.database.db, 'piped@example.org'))!.disabled).toBe(true);
    const reset = await cli(['user', 'reset', '--email', 'piped@example.org', '--enable']);
    const password = /password \(shown once\): (\S+)/.exec(reset.stdout)?.[1];
    const row = (await findUserByEmail(t.runtime.database.db, 'piped@example.org'))!;
    expect(row.disabled).toBe(false);
    expect(await verifyPassword(password!, row.password_hash)).toBe(true);
  });
});
