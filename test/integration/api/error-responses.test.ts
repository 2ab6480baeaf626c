import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import { login, seedUsers, type Session } from './api-fixtures.js';
import { openApiTestRuntime } from './api-runtime.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';

/** Hostile or oversized input gets a 400 with its reason; a real failure gets a 500 that is logged. */
describe('API error responses', () => {
  let t: TestRuntime;
  let app: FastifyInstance;
  let operator: Session;
  let reviewer: Session;
  const logLines: Array<Record<string, unknown>> = [];
  const as = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });

  beforeAll(async () => {
    t = await openApiTestRuntime('apierr');
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    // The runtime as the API sees it, but logging where the test can read.
    app = await buildApiServer({ ...t.runtime, logger: pino({ level: 'info' }, sink) });
    app.get('/api/test/failure', { config: { auth: 'public' } }, async () => {
      throw new Error('disk on fire');
    });
    const users = await seedUsers(t.runtime.database.db);
    operator = await login(app, users.operator);
    reviewer = await login(app, users.reviewer);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('refuses a YAML alias bomb in config import with 400 and the reason', async () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++)
      lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${new Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const exported = await app.inject({ method: 'GET', url: '/api/config/versions/1/export', headers: as(operator) });
    const files = { ...(exported.json() as { files: Record<string, string> }).files, 'modifiers.yaml': `${lines.join('\n')}\ncues: []\n` };
    const response = await app.inject({ method: 'POST', url: '/api/config/import', headers: as(operator), payload: { files } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/modifiers\.yaml: .*alias/i);
  });

  it('refuses a file feed outside the import directory with 400 naming the field', async () => {
    const exported = await app.inject({ method: 'GET', url: '/api/config/versions/1/export', headers: as(operator) });
    const { files } = exported.json() as { files: Record<string, string> };
    const feeds = 'feeds:\n  - { name: server-files, kind: file, path: /etc/passwd }\n';
    const response = await app.inject({
      method: 'POST',
      url: '/api/config/import',
      headers: as(operator),
      payload: { files: { ...files, 'feeds.yaml': feeds } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/feeds\.yaml: feeds\[0\]\.path: expected a path inside the import directory/);
  });

  it('re-imports an exported config larger than the 64 KiB other routes take', async () => {
    const exported = await app.inject({ method: 'GET', url: '/api/config/versions/1/export', headers: as(operator) });
    const { files } = exported.json() as { files: Record<string, string> };
    // 82 KB, as a config with large lexicons exports; comments keep the content (and its version) the same.
    const padding = '# reviewed 2024-05-04 by the protection team; spellings checked against field reports\n'.repeat(1000);
    const big = { ...files, 'places.yaml': `${padding}${files['places.yaml']!}` };
    expect(JSON.stringify({ files: big }).length).toBeGreaterThan(82_000);
    const response = await app.inject({ method: 'POST', url: '/api/config/import', headers: as(operator), payload: { files: big } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: 1, created: false });
  });

  it('answers an absurd look-back window with 400, on the acknowledgement report and on backtest', async () => {
    const report = await app.inject({ method: 'GET', url: '/api/reports/acknowledgement?since=9999999999d', headers: as(reviewer) });
    expect(report.statusCode).toBe(400);
    expect(report.body).toMatch(/at most 100 years/);
    for (const since of ['100000000000000000000d', '1e20d']) {
      const backtest = await app.inject({ method: 'POST', url: '/api/config/versions/1/backtest', headers: as(operator), payload: { since } });
      expect(backtest.statusCode).toBe(400);
      expect(backtest.json().error.code).toBe('INPUT_INVALID');
    }
  });

  it('logs a 500 through pino with the request id it returns to the client', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/test/failure' });
    expect(response.statusCode).toBe(500);
    const { error } = response.json() as { error: { code: string; request_id: string } };
    expect(error.code).toBe('INTERNAL');
    expect(error.request_id).toMatch(/^[0-9a-f-]{36}$/);
    const line = logLines.find((l) => l.reqId === error.request_id);
    expect(line).toMatchObject({ level: 50, msg: 'request failed', err: { message: 'disk on fire' } });
    expect(JSON.stringify(response.json())).not.toContain('disk on fire');
  });
});
