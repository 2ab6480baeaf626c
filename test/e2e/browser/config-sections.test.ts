import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import { launchChromium } from '../../helpers/chromium.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';
import { login, seedUsers } from '../../integration/api/api-fixtures.js';

/**
 * The configuration, one section per page, on the shipped config (its ~200 threat phrases made one
 * page 13,000 px tall): a sticky section index, search, no table wider than its card or the window.
 */
const SHOTS = 'test-artifacts/browser';
const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const SECTIONS = ['places', 'phrases', 'modifiers', 'thresholds', 'feeds', 'routes', 'try', 'versions'] as const;

let t: TestRuntime;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let context: BrowserContext;
const problems: string[] = [];

async function open(path: string, viewport: (typeof VIEWPORTS)[number]): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`${path}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${path}: ${error.message}`));
  await page.setViewportSize({ width: viewport.width, height: viewport.height });
  await page.goto(`${base}${path}`);
  expect(new URL(page.url()).pathname).toBe(path.split('?')[0]);
  return page;
}

async function expectNoHorizontalOverflow(page: Page, width: number): Promise<void> {
  const outside = await page.evaluate<string>(
    `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > ${width} + 1 && !e.closest('.table-wrap')).slice(0, 5).map((e) => e.tagName + '.' + e.className).join(' ')`,
  );
  expect(await page.evaluate<number>('document.documentElement.scrollWidth'), outside).toBeLessThanOrEqual(width);
}

/** Every table stays inside its card: it fits, or it scrolls inside its own box. */
async function expectTablesInsideCards(page: Page): Promise<void> {
  const sticking = await page.evaluate<string[]>(`[...document.querySelectorAll('.card table')].filter((table) => {
    const card = table.closest('.card').getBoundingClientRect();
    const box = (table.closest('.table-wrap') ?? table).getBoundingClientRect();
    return box.right > card.right + 1 || box.left < card.left - 1;
  }).map((table) => table.className)`);
  expect(sticking).toEqual([]);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  t = await openTestRuntime({ label: 'browsercfg' });
  app = await buildApiServer(t.runtime, {});
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const users = await seedUsers(t.runtime.database.db);
  browser = await launchChromium();
  const session = await login(app, users.operator);
  context = await browser.newContext();
  const [name, value] = session.cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: base }]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await t?.dispose();
});

describe.each(VIEWPORTS)('configuration sections at $width×$height', (viewport) => {
  it.each(SECTIONS)('the %s section is its own page, not much taller than three screens, within the window', async (section) => {
    const page = await open(`/config/${section}`, viewport);
    expect(await page.locator('.config-nav a').count()).toBe(SECTIONS.length);
    expect(await page.locator('.config-nav a[aria-current="page"]').getAttribute('data-section')).toBe(section);
    expect(await page.locator(`section.config-section[data-section="${section}"]`).count()).toBe(1);
    const height = await page.evaluate<number>('document.documentElement.scrollHeight');
    expect(height).toBeLessThan(viewport.name === 'desktop' ? 4_500 : 9_000);
    await expectNoHorizontalOverflow(page, viewport.width);
    await expectTablesInsideCards(page);
    await page.screenshot({ path: `${SHOTS}/config-${section}-${viewport.name}.png`, fullPage: true });
    await page.close();
  });

  it('the place editor and a version page do not overflow either', async () => {
    for (const path of ['/config/places/darat-izza', '/config/versions/1', '/config/import']) {
      const page = await open(path, viewport);
      await expectNoHorizontalOverflow(page, viewport.width);
      await page.close();
    }
  });
});

describe('configuration search and index', () => {
  it('/config opens the places section; the index stays on screen while the phrase list scrolls', async () => {
    const page = await open('/config', VIEWPORTS[0]);
    expect(await page.locator('section.config-section').getAttribute('data-section')).toBe('places');
    await page.click('.config-nav a[data-section="phrases"]');
    await page.waitForURL(/\/config\/phrases\?version=\d+$/);
    await page.mouse.wheel(0, 600);
    await expect.poll(() => page.evaluate<number>('window.scrollY')).toBeGreaterThan(400);
    const nav = (await page.locator('.config-nav').boundingBox())!;
    expect(nav.y).toBeGreaterThanOrEqual(-1);
    expect(nav.y).toBeLessThan(10);
    await page.close();
  });

  it('searching the phrases narrows the list to the matches, in one language or all', async () => {
    const page = await open('/config/phrases', VIEWPORTS[0]);
    // ~200 phrases, 25 to a page.
    expect(await page.locator('table.config-phrases tbody tr').count()).toBe(25);
    const all = Number(/1–25 of (\d+)/.exec((await page.locator('nav.pager').first().textContent())!)![1]);
    expect(all).toBeGreaterThan(100);
    await page.click('nav.pager a[rel="next"] >> nth=0');
    await page.waitForURL(/page=2/);
    expect(await page.locator('nav.pager').first().textContent()).toContain(`26–50 of ${all}`);
    await page.fill('.config-search input[name="q"]', 'slaughter');
    await page.click('.config-search button[type="submit"]');
    await page.waitForURL(/q=slaughter/);
    const found = await page.locator('table.config-phrases tbody tr').allTextContents();
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(25);
    for (const row of found) expect(row.toLowerCase()).toContain('slaughter');
    await page.goto(`${base}/config/phrases?language=ar`);
    const languages = new Set(await page.locator('table.config-phrases tbody tr td:first-child').allTextContents());
    expect([...languages]).toEqual(['ar']);
    await page.close();
  });

  it('no page broke the CSP or threw a script error', () => {
    expect(problems).toEqual([]);
  });
});
