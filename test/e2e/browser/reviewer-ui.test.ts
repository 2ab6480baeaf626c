import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import { currentTotp } from '../../../src/auth/index.js';
import { addUser } from '../../../src/users/index.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';
import { PASSWORD, raiseAlert, seedAlert, seedUsers } from '../../integration/api/api-fixtures.js';
import { openApiTestRuntime } from '../../integration/api/api-runtime.js';
import { launchChromium } from '../../helpers/chromium.js';

const SHOTS = 'test-artifacts/browser';
const HOSTILE =
  'Darat Izza <script>window.pwned=1;alert(1)</script><img src=x onerror="window.pwned=2;alert(2)">' +
  ' <a href="javascript:window.pwned=3">click</a> <svg onload="window.pwned=4"></svg> \u202Eتحذير\u202C we will slaughter them';

let t: TestRuntime;
let app: FastifyInstance;
let browser: Browser;
let page: Page;
let base: string;
let users: Awaited<ReturnType<typeof seedUsers>>;
let hostileId: string;
let criticalId: string;
const dialogs: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  t = await openApiTestRuntime('browser');
  app = await buildApiServer(t.runtime, { live: { pollMs: 500 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  users = await seedUsers(t.runtime.database.db);
  const db = t.runtime.database.db;
  await seedAlert(db, { severity: 'high', text: 'They threaten to slaughter the people of Darat Izza tonight' });
  criticalId = (
    await seedAlert(db, {
      severity: 'critical',
      placeId: 'taqad',
      placeName: 'Taqad',
      text: 'سنحرق تقاد Taqad will burn',
      threatWord: 'burn',
      placeWord: 'Taqad',
      lang: 'ar',
    })
  ).alertId;
  await seedAlert(db, { severity: 'medium', placeId: 'saraqib', placeName: 'Saraqib', text: 'Saraqib threatened again', placeWord: 'Saraqib' });
  hostileId = (await seedAlert(db, { severity: 'low', text: HOSTILE, url: 'javascript:window.pwned=5', author: '<b onmouseover="window.pwned=6">x</b>' }))
    .alertId;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await t?.dispose();
});

describe('reviewer UI in a real browser', () => {
  it('logs in and shows the queue with counts per status', async () => {
    await page.goto(`${base}/alerts`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('input[name="email"]', users.reviewer.email);
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(`${base}/alerts`);
    await expect.poll(() => page.locator('#queue tbody tr').count()).toBe(4);
    expect(await page.locator('[data-count-for="new"]').textContent()).toBe('4');
    // Severity first: the critical alert heads the queue.
    expect(await page.locator('#queue tbody tr').first().getAttribute('data-id')).toBe(criticalId);
    await page.screenshot({ path: `${SHOTS}/01-queue.png`, fullPage: true });
  });

  it('queue rows show the representative post in its own language and direction, clamped to two lines, with readable labels', async () => {
    const row = page.locator(`#queue tr[data-id="${criticalId}"]`);
    const text = row.locator('.row-text');
    expect(await text.textContent()).toBe('سنحرق تقاد Taqad will burn');
    expect(await text.getAttribute('dir')).toBe('auto');
    expect(await text.getAttribute('lang')).toBe('ar');
    expect(await page.evaluate<string>(`getComputedStyle(document.querySelector('#queue tr[data-id="${criticalId}"] .row-text')).webkitLineClamp`)).toBe('2');
    expect(await row.locator('.chip').textContent()).toBe('death threat 1');
    expect(await row.textContent()).toContain('1 source');
    expect(await row.textContent()).toContain('1 account');
    expect(await row.locator('time').getAttribute('title')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
  });

  it('filters the queue', async () => {
    await page.selectOption('select[name="severity"]', 'critical');
    await page.click('form.filters button[type="submit"]');
    await page.waitForURL(/severity=critical/);
    expect(await page.locator('#queue tbody tr').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/02-filtered.png` });
    await page.goto(`${base}/alerts`);
    expect(await page.locator('#queue tbody tr').count()).toBe(4);
  });

  it('opens an alert and shows its post with matched spans highlighted', async () => {
    await page.click(`#queue tr[data-id="${criticalId}"] a`);
    await page.waitForURL(`${base}/alerts/${criticalId}`);
    const post = page.locator('.post-text').first();
    expect(await post.getAttribute('dir')).toBe('auto');
    expect(await page.locator('mark.hl-threat').first().textContent()).toBe('burn');
    expect(await page.locator('mark.hl-place').first().textContent()).toBe('Taqad');
    expect(await page.locator('.post a[rel~="noopener"]').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/03-detail.png`, fullPage: true });
  });

  it('acknowledges with the keyboard (j, a) without reloading', async () => {
    await page.goto(`${base}/alerts`);
    await page.evaluate('window.marker = 1');
    await page.keyboard.press('j');
    const first = page.locator('#queue tbody tr.selected');
    const id = await first.getAttribute('data-id');
    expect(id).toBe(criticalId);
    await page.keyboard.press('a');
    await expect.poll(() => page.locator(`#queue tr[data-id="${id}"] .status`).textContent()).toBe('acknowledged');
    // The refreshed rows come from the server; the selection survives them.
    expect(await page.locator('#queue tbody tr.selected').getAttribute('data-id')).toBe(id);
    const row = await t.runtime.database.db.selectFrom('alerts').select('status').where('id', '=', id!).executeTakeFirstOrThrow();
    expect(row.status).toBe('acknowledged');
    expect(await page.evaluate('window.marker')).toBe(1);
    await page.keyboard.press('?');
    expect(await page.locator('#help').isVisible()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/04-acknowledged-help.png` });
    await page.keyboard.press('Escape');
  });

  it('shows an alert the pipeline raises meanwhile, without reload', async () => {
    await page.evaluate('window.marker = 2');
    await expect.poll(() => page.locator('#live-status').textContent()).toMatch(/live/);
    const id = await raiseAlert(t.runtime, { severity: 'critical', text: 'NEW: they will storm Darat Izza at dawn', threatWord: 'storm' });
    await page.locator(`#queue tr[data-id="${id}"]`).waitFor({ timeout: 10_000 });
    expect(await page.evaluate('window.marker')).toBe(2);
    expect(await page.locator('[data-count-for="new"]').textContent()).toBe('4');
    await page.screenshot({ path: `${SHOTS}/05-live-alert.png` });
  });

  it('saves a note typed before an action once, with that action, and empties the box', async () => {
    const { alertId } = await seedAlert(t.runtime.database.db, {
      severity: 'medium',
      placeId: 'saraqib',
      placeName: 'Saraqib',
      text: 'Saraqib will pay',
      placeWord: 'Saraqib',
    });
    await page.goto(`${base}/alerts/${alertId}`);
    await page.fill('#note', 'called the mayor');
    await page.keyboard.press('Escape');
    await page.keyboard.press('a');
    await expect.poll(() => page.locator('[data-field="status"]').textContent()).toBe('acknowledged');
    await expect.poll(() => page.inputValue('#note')).toBe('');
    await page.keyboard.press('e');
    await expect.poll(() => page.locator('[data-field="status"]').textContent()).toBe('escalated');
    await page.fill('#note', 'handed to the night shift');
    await page.click('#action-form button[data-action="resolve"]');
    await expect.poll(() => page.locator('[data-field="status"]').textContent()).toBe('resolved');
    await expect.poll(() => page.inputValue('#note')).toBe('');
    const notes = await t.runtime.database.db
      .selectFrom('alert_events')
      .select(['action', 'note'])
      .where('alert_id', '=', alertId)
      .where('note', 'is not', null)
      .orderBy('id')
      .execute();
    expect(notes).toEqual([
      { action: 'acknowledge', note: 'called the mayor' },
      { action: 'resolve', note: 'handed to the night shift' },
    ]);
    await page.screenshot({ path: `${SHOTS}/05b-note-saved-once.png`, fullPage: true });
  });

  it('renders a hostile post as inert text: no script runs, no markup, no javascript: link, bidi neutralised', async () => {
    await page.goto(`${base}/alerts/${hostileId}`);
    await page.waitForTimeout(300);
    const text = await page.locator('.post-text').first().textContent();
    expect(text).toContain('<script>window.pwned=1;alert(1)</script>');
    expect(text).toContain('<img src=x onerror=');
    expect(text).toContain('[U+202E]تحذير[U+202C]');
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(await page.locator('main script, main img, main svg, .post-text a').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await page.locator('.post bdi.author').textContent()).toBe('<b onmouseover="window.pwned=6">x</b>');
    await page.locator('.post-text').first().hover();
    await page.locator('.post bdi.author').hover();
    expect(await page.evaluate('typeof window.pwned')).toBe('undefined');
    expect(dialogs).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/06-hostile-post.png`, fullPage: true });
  });

  it('stays readable on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/alerts`);
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(400);
    await page.screenshot({ path: `${SHOTS}/07-phone-queue.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('logs out', async () => {
    await page.click('form.logout button');
    await page.waitForURL(`${base}/login`);
    await page.goto(`${base}/alerts`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.screenshot({ path: `${SHOTS}/08-logged-out.png` });
  });

  it('makes an admin without a second factor enrol TOTP on first login, then lets them in', async () => {
    const email = 'first-admin@example.org';
    await addUser(t.runtime.database.db, { email, role: 'admin', password: PASSWORD, actor: 'test' });
    const context = await browser.newContext();
    const admin = await context.newPage();
    try {
      await admin.goto(`${base}/login`);
      await admin.fill('input[name="email"]', email);
      await admin.fill('input[name="password"]', PASSWORD);
      await admin.click('button[type="submit"]');
      await admin.waitForURL(`${base}/enrol`);
      const secret = (await admin.locator('#totp-secret').textContent())!.trim();
      expect(await admin.locator('#totp-uri').textContent()).toMatch(/^otpauth:\/\/totp\//);
      await admin.screenshot({ path: `${SHOTS}/09-totp-enrol.png` });
      await admin.goto(`${base}/alerts`);
      expect(new URL(admin.url()).pathname).toBe('/enrol');
      await admin.fill('input[name="code"]', currentTotp(secret));
      await admin.click('form[action="/enrol"] button[type="submit"]');
      await admin.waitForURL(`${base}/alerts`);
      expect(await admin.locator('header .who').textContent()).toContain('admin');
    } finally {
      await context.close();
    }
  });
});
