import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';
import { login, seedAlert, seedUsers, type Session } from './api-fixtures.js';
import { openApiTestRuntime } from './api-runtime.js';

/** The live queue asks the server for its rows, so the page and its refresh share one renderer. */
let t: TestRuntime;
let app: FastifyInstance;
let reviewer: Session;
let officer: Session;

const get = (url: string, session?: Session) => app.inject({ method: 'GET', url, headers: session ? { cookie: session.cookie } : {} });
const tbodyOf = (page: string) => /<tbody>([\s\S]*?)<\/tbody>/.exec(page)![1]!;
const rowIds = (fragment: string) => [...fragment.matchAll(/<tr data-id="(\d+)"/g)].map((m) => m[1]);

beforeAll(async () => {
  t = await openApiTestRuntime('apiqueuerows');
  app = await buildApiServer(t.runtime, { loginRateLimit: { max: 1000, timeWindow: 60_000 } });
  const users = await seedUsers(t.runtime.database.db);
  reviewer = await login(app, users.reviewer);
  officer = await login(app, users.officer);
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
  const db = t.runtime.database.db;
  await seedAlert(db, { placeId: 'saraqib', placeName: 'Saraqib', severity: 'medium', publishedAt: hoursAgo(3) });
  await seedAlert(db, { placeId: 'darat-izza', placeName: 'Darat Izza', severity: 'critical', publishedAt: hoursAgo(2) });
  await seedAlert(db, { placeId: 'darat-izza', placeName: '<img src=x onerror=alert(1)>\u202Eدارة', severity: 'high', publishedAt: hoursAgo(4) });
});

afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

describe('queue rows for the live refresh', () => {
  it("are the very rows the queue page renders, for the page's own query", async () => {
    const page = (await get('/alerts', reviewer)).body;
    const apiQuery = /data-api-query="([^"]*)"/.exec(page)![1]!.replaceAll('&amp;', '&');
    const rows = await get(`/alerts/rows?${apiQuery}`, reviewer);
    expect(rows.statusCode).toBe(200);
    expect(rows.headers['content-type']).toMatch(/^text\/html/);
    expect(rowIds(rows.body)).toHaveLength(3);
    expect(rows.body.trim()).toBe(tbodyOf(page).trim());
  });

  it('escape hostile place names and neutralise bidi controls, as the page does', async () => {
    const rows = (await get('/alerts/rows?status=new', reviewer)).body;
    expect(rows).toContain('&lt;img src=x onerror=alert(1)&gt;[U+202E]دارة');
    expect(rows).not.toContain('<img');
    expect(rows).not.toMatch(/[\u202A-\u202E]/);
  });

  it('follow the person: an officer sees only their places and no selection boxes', async () => {
    const forReviewer = (await get('/alerts/rows?status=new', reviewer)).body;
    const forOfficer = (await get('/alerts/rows?status=new', officer)).body;
    expect(forReviewer).toContain('type="checkbox"');
    expect(forOfficer).not.toContain('type="checkbox"');
    expect(rowIds(forOfficer)).toHaveLength(2);
    expect(forOfficer).not.toContain('Saraqib');
  });

  it('answer a signed-out script with 401 (not the login page), and a bad filter with 400', async () => {
    const signedOut = await get('/alerts/rows?status=new');
    expect(signedOut.statusCode).toBe(401);
    expect(signedOut.json()).toMatchObject({ error: { code: 'AUTH_REQUIRED' } });
    expect((await get('/alerts/rows?severity=urgent', reviewer)).statusCode).toBe(400);
  });
});
