import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import { openFeedAlert } from '../../../src/polling/index.js';
import type { UserRole } from '../../../src/users/index.js';
import { launchChromium } from '../../helpers/chromium.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';
import { login, seedAlert, seedUsers } from '../../integration/api/api-fixtures.js';
import { openApiTestRuntime } from '../../integration/api/api-runtime.js';

/** The feeds, places, place, API docs and enrolment pages in a real browser, on a laptop and a phone. */
const SHOTS = 'test-artifacts/browser';
const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const CATEGORIES = ['death_threat', 'call_to_attack', 'takfir', 'intimidation'] as const;
const DAY = 86_400_000;

let t: TestRuntime;
let app: FastifyInstance;
let browser: Browser;
let base: string;
const contexts = new Map<UserRole, BrowserContext>();
const problems: string[] = [];

/** A browser context signed in as `role` through the API's login (the same session cookie a form login sets). */
async function signedIn(role: UserRole, users: Awaited<ReturnType<typeof seedUsers>>): Promise<BrowserContext> {
  const session = await login(app, users[role]);
  const context = await browser.newContext();
  const [name, value] = session.cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: base }]);
  return context;
}

async function open(role: UserRole, path: string, viewport: (typeof VIEWPORTS)[number]): Promise<Page> {
  const page = await contexts.get(role)!.newPage();
  // CSP refusals are reported on the console; script errors as page errors. (A missing favicon is neither.)
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`${path}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${path}: ${error.message}`));
  await page.setViewportSize({ width: viewport.width, height: viewport.height });
  await page.goto(`${base}${path}`);
  expect(new URL(page.url()).pathname).toBe(path);
  return page;
}

/** The page is no wider than the window: nothing to scroll sideways. */
async function expectNoHorizontalOverflow(page: Page, width: number): Promise<void> {
  // The elements sticking out, named in the failure message.
  const outside = await page.evaluate<string>(
    `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > ${width} + 1).slice(0, 5).map((e) => e.tagName + '.' + e.className).join(' ')`,
  );
  expect(await page.evaluate<number>('document.documentElement.scrollWidth'), outside).toBeLessThanOrEqual(width);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  t = await openApiTestRuntime('browseroverview');
  app = await buildApiServer(t.runtime, { live: { pollMs: 500 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const db = t.runtime.database.db;
  const users = await seedUsers(db);
  // Three weeks of threats against Darat Izza from the demo replay, a few against Saraqib, and a
  // configured Telegram feed that has gone silent.
  for (let day = 0; day < 21; day += 1) {
    for (let n = 0; n < (day * 7) % 5; n += 1) {
      await seedAlert(db, {
        feed: 'demo-replay',
        category: CATEGORIES[(day + n) % CATEGORIES.length],
        publishedAt: new Date(Date.now() - day * DAY - n * 60_000 - 30_000),
      });
    }
  }
  await seedAlert(db, { feed: 'demo-replay', publishedAt: new Date(Date.now() - 20_000) });
  await seedAlert(db, {
    feed: 'tg-saraqib-watch',
    placeId: 'saraqib',
    placeName: 'Saraqib',
    text: 'We will storm Saraqib',
    category: 'call_to_attack',
    publishedAt: new Date(Date.now() - 2 * DAY),
  });
  await db
    .insertInto('feeds')
    .values({ name: 'tg-saraqib-watch', kind: 'telegram', config: JSON.stringify({ name: 'tg-saraqib-watch', kind: 'telegram' }), enabled: true })
    .execute();
  await db
    .insertInto('feed_state')
    .values({
      feed: 'tg-saraqib-watch',
      cursor: '{}',
      last_success_at: new Date(Date.now() - DAY),
      last_poll_at: new Date(),
      last_error: 'HTTP 429 Too Many Requests from https://t.me/s/saraqib_watch_channel_with_a_rather_long_name',
      last_error_at: new Date(),
    })
    .execute();
  await openFeedAlert(db, 'tg-saraqib-watch', 'silent', 'no post for 26 h (usually one every 40 min)');
  browser = await launchChromium();
  for (const role of ['officer', 'reviewer', 'operator'] as const) contexts.set(role, await signedIn(role, users));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await t?.dispose();
});

describe.each(VIEWPORTS)('overview pages at $width×$height', (viewport) => {
  it('the feeds page lists the demo source with a recent last post, and the silent feed with its alert', async () => {
    const page = await open('operator', '/feeds', viewport);
    const demo = page.locator('[data-source="demo-replay"]');
    expect(await demo.locator('.source-status').textContent()).toBe('receiving');
    const last = demo.locator('.last-post time');
    expect(await last.textContent()).toMatch(/^\d+s ago$|^\d+ min ago$/);
    expect(Date.now() - Date.parse((await last.getAttribute('datetime'))!)).toBeLessThan(10 * 60_000);
    expect(await page.locator('[data-source="tg-saraqib-watch"] .source-status').textContent()).toBe('silent');
    await expectNoHorizontalOverflow(page, viewport.width);
    await page.screenshot({ path: `${SHOTS}/feeds-${viewport.name}.png`, fullPage: true });
    await page.close();
  });

  it('the places overview shows an officer their place with a 30-day chart', async () => {
    const page = await open('officer', '/places', viewport);
    expect(await page.locator('article.place').count()).toBe(1);
    const chart = page.locator('[data-place="darat-izza"] svg.bar-chart');
    expect(await chart.locator('g.bar').count()).toBe(30);
    const box = (await chart.boundingBox())!;
    expect(box.width).toBeGreaterThan(200);
    expect(box.height).toBeGreaterThan(30);
    // Days with posts draw visible bars (taller than the baseline).
    const drawn = await chart.locator('g.bar[data-total]:not([data-total="0"]) rect[fill="#c0392b"]').count();
    expect(drawn).toBeGreaterThan(5);
    await expectNoHorizontalOverflow(page, viewport.width);
    await page.screenshot({ path: `${SHOTS}/places-${viewport.name}.png`, fullPage: true });
    if (viewport.name === 'desktop') {
      // The README's places screenshot (docs/screenshots/places.png is a copy): a reviewer sees every place.
      const all = await open('reviewer', '/places', viewport);
      await all.setViewportSize({ width: 1200, height: 760 });
      await all.screenshot({ path: `${SHOTS}/readme-places.png` });
      await all.close();
    }
    await page.close();
  });

  it('a place page charts posts per day by category, with a legend', async () => {
    const page = await open('reviewer', '/places/darat-izza', viewport);
    const chart = page.locator('svg.bar-chart.tall');
    expect(await chart.locator('g.bar').count()).toBe(90);
    const colours = await chart.locator('rect[fill^="#"]:not([fill="#c8ced6"])').evaluateAll((rects) => new Set(rects.map((r) => r.getAttribute('fill'))).size);
    expect(colours).toBeGreaterThanOrEqual(CATEGORIES.length);
    expect(await page.locator('ul.legend li').count()).toBe(6);
    await expectNoHorizontalOverflow(page, viewport.width);
    await page.screenshot({ path: `${SHOTS}/place-${viewport.name}.png`, fullPage: true });
    await page.close();
  });

  it('the API link opens readable docs, with the raw JSON one click away', async () => {
    const page = await open('reviewer', '/alerts', viewport);
    await page.click('header.top a[href="/docs"]');
    await page.waitForURL(`${base}/docs`);
    expect(await page.locator('details.api-op').count()).toBeGreaterThan(20);
    await page.locator('details.api-op summary').first().click();
    await expectNoHorizontalOverflow(page, viewport.width);
    await page.screenshot({ path: `${SHOTS}/api-docs-${viewport.name}.png` });
    await page.click('#raw-openapi');
    await page.waitForURL(`${base}/api/docs`);
    expect(await page.locator('body').textContent()).toContain('"openapi"');
    await page.close();
  });

  it('TOTP enrolment shows the QR code beside the secret', async () => {
    const page = await open('officer', '/enrol', viewport);
    const qr = page.locator('#totp-qr svg.qr');
    const box = (await qr.boundingBox())!;
    expect(box.width).toBeGreaterThan(120);
    expect(Math.abs(box.width - box.height)).toBeLessThan(2);
    expect(await page.locator('#totp-secret').isVisible()).toBe(true);
    await expectNoHorizontalOverflow(page, viewport.width);
    await page.screenshot({ path: `${SHOTS}/totp-enrol-qr-${viewport.name}.png`, fullPage: true });
    await page.close();
  });
});

describe('overview pages and the CSP', () => {
  it('no page broke the CSP (inline SVG charts and QR code included) or threw a script error', () => {
    expect(problems).toEqual([]);
  });
});
