import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import { openFeedAlert } from '../../../src/polling/index.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';
import { login, seedAlert, seedUsers, type Session } from './api-fixtures.js';
import { openApiTestRuntime } from './api-runtime.js';

/** The feeds page, the places overview and a place page, read as each role would. */
let t: TestRuntime;
let app: FastifyInstance;
let officer: Session;
let reviewer: Session;
let operator: Session;

const get = (url: string, session: Session) => app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
const DAY = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const card = (page: string, attr: string, value: string) =>
  new RegExp(`<article class="card [a-z]+" ${attr}="${value}">([\\s\\S]*?)</article>`).exec(page)?.[1];
/** The totals of the chart's bars, oldest day first. */
const barTotals = (svg: string) => [...svg.matchAll(/<g class="bar" data-total="(\d+)">/g)].map((m) => Number(m[1]));

beforeAll(async () => {
  t = await openApiTestRuntime('apioverview');
  app = await buildApiServer(t.runtime, { loginRateLimit: { max: 1000, timeWindow: 60_000 } });
  const db = t.runtime.database.db;
  const users = await seedUsers(db);
  officer = await login(app, users.officer);
  reviewer = await login(app, users.reviewer);
  operator = await login(app, users.operator);
  // A configured feed that went silent, a live demo replay, and threat posts against two places.
  await db
    .insertInto('feeds')
    .values({ name: 'tg-quiet', kind: 'telegram', config: JSON.stringify({ name: 'tg-quiet', kind: 'telegram' }), enabled: true })
    .execute();
  await db
    .insertInto('feed_state')
    .values({ feed: 'tg-quiet', cursor: '{}', last_success_at: new Date(Date.now() - DAY), last_poll_at: new Date() })
    .execute();
  await openFeedAlert(db, 'tg-quiet', 'silent', 'no post for 6 h (usually one every 20 min)');
  await db
    .insertInto('feeds')
    .values({ name: 'partner-push', kind: 'webhook', config: JSON.stringify({ name: 'partner-push', kind: 'webhook' }), enabled: true })
    .execute();
  await seedAlert(db, { feed: 'demo-replay', placeId: 'darat-izza', category: 'death_threat', publishedAt: new Date(Date.now() - 60_000) });
  await seedAlert(db, { feed: 'demo-replay', placeId: 'darat-izza', category: 'takfir', publishedAt: new Date(Date.now() - 120_000) });
  await seedAlert(db, { feed: 'import-export', placeId: 'darat-izza', category: 'takfir', publishedAt: new Date(Date.now() - 3 * DAY) });
  await seedAlert(db, { feed: 'demo-replay', placeId: 'saraqib', placeName: 'Saraqib', text: 'We will storm Saraqib', category: 'call_to_attack' });
});

afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

describe('feeds page', () => {
  it('lists configured feeds, imports and the demo source with status, last post, posts per hour and open source alerts', async () => {
    const response = await get('/feeds', operator);
    expect(response.statusCode).toBe(200);
    const demo = card(response.body, 'data-source', 'demo-replay')!;
    expect(demo).toContain('demo sample');
    expect(demo).toContain('src-receiving');
    expect(demo).toMatch(/<dt>Posts, last hour<\/dt><dd>3<\/dd>/);
    const lastPost = /<dd class="last-post"><time datetime="([^"]+)" title="[^"]+ UTC" data-ago>(\d+s|\d+ min) ago<\/time>/.exec(demo)!;
    expect(Date.now() - Date.parse(lastPost[1]!)).toBeLessThan(5 * 60_000);
    const quiet = card(response.body, 'data-source', 'tg-quiet')!;
    expect(quiet).toContain('src-silent');
    expect(quiet).toContain('Silent source since');
    expect(card(response.body, 'data-source', 'import-export')).toContain('file import');
    expect(card(response.body, 'data-source', 'partner-push')).toContain('<span class="source-status src-never_polled">no pushes yet</span>');
    expect(response.body).toContain('Source alerts');
  });

  it('is for operators, like the feeds API: a reviewer is refused', async () => {
    expect((await get('/feeds', reviewer)).statusCode).toBe(403);
  });
});

describe('empty queue', () => {
  it('says whether feeds are configured and alive, and names the silent one', async () => {
    const page = (await get('/alerts?status=false_positive', officer)).body;
    const empty = /<p class="empty" id="queue-empty">([\s\S]*?)<\/p>/.exec(page)![1]!;
    expect(empty).toContain('No alerts match.');
    expect(empty).toContain('No feeds are configured; 1 of 4 sources receiving posts');
    expect(empty).toContain('Not receiving: <bdi>partner-push</bdi> (no pushes yet), <bdi>tg-quiet</bdi> (silent).');
    // Officers cannot open the feeds page, so it is not offered to them.
    expect(empty).not.toContain('href="/feeds"');
    expect((await get('/alerts?status=false_positive', operator)).body).toMatch(/id="queue-empty">[^]*?<a href="\/feeds">Feeds<\/a><\/p>/);
  });
});

describe('places overview', () => {
  it('shows an officer only their own places, with open alerts, a 30-day chart and the sources of its threat posts', async () => {
    const page = (await get('/places', officer)).body;
    expect(page).toContain('data-place="darat-izza"');
    expect(page).not.toContain('data-place="saraqib"');
    const darat = card(page, 'data-place', 'darat-izza')!;
    expect(darat).toContain('3 open alerts');
    const totals = barTotals(darat);
    expect(totals).toHaveLength(30);
    expect(totals.at(-1)).toBe(2);
    expect(totals.at(-4)).toBe(1);
    expect(totals.reduce((a, b) => a + b, 0)).toBe(3);
    expect(darat).toContain(`<title>${today}: 2 (total 2)</title>`);
    expect(darat).toMatch(/<bdi>demo-replay<\/bdi> <span class="source-status src-receiving">/);
  });

  it('shows reviewers every monitored place', async () => {
    const page = (await get('/places', reviewer)).body;
    for (const id of ['darat-izza', 'taqad', 'saraqib']) expect(page).toContain(`data-place="${id}"`);
    expect(card(page, 'data-place', 'taqad')).toContain('0 open alerts');
  });
});

describe('place page', () => {
  it('charts threat posts per day by category over time', async () => {
    const response = await get('/places/darat-izza', officer);
    expect(response.statusCode).toBe(200);
    expect(barTotals(response.body)).toHaveLength(90);
    expect(response.body).toContain(`<title>${today}: 2 (death threat 1, takfir 1)</title>`);
    expect(response.body).toMatch(/<td>takfir<\/td><td>2<\/td>/);
    expect(response.body).toMatch(/<td>death threat<\/td><td>1<\/td>/);
  });

  it('is unknown (404) to an officer for a place that is not theirs, and for a place that does not exist', async () => {
    expect((await get('/places/saraqib', officer)).statusCode).toBe(404);
    expect((await get('/places/atlantis', reviewer)).statusCode).toBe(404);
    expect((await get('/places/saraqib', reviewer)).statusCode).toBe(200);
  });
});
