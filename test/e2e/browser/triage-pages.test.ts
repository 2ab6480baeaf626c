import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import { insertEvidence, updateAlert } from '../../../src/alerts/alert-repository.js';
import { recordFailedPost } from '../../../src/posts/index.js';
import { launchChromium } from '../../helpers/chromium.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';
import { login, seedAlert, seedUsers } from '../../integration/api/api-fixtures.js';
import { openApiTestRuntime } from '../../integration/api/api-runtime.js';

/**
 * The alert page of a copy-paste campaign (100 posts, 19 distinct texts) and the queue's rows
 * expanded in place, triaged with the keyboard only; every reviewer page at 1440×900 and 390×844.
 */
const SHOTS = 'test-artifacts/browser';
const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const TEXTS = 19;
const POSTS = 100;
const MINUTE = 60_000;

let t: TestRuntime;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let context: BrowserContext;
let campaignId: string;
/** Copies and distinct accounts of the most-copied text, as seeded. */
let biggest: { copies: number; accounts: number };
const problems: string[] = [];

/** A campaign: text 0 is the threat copied most, by fewer accounts than copies; a few texts are posted once. */
async function seedCampaign(): Promise<string> {
  const db = t.runtime.database.db;
  const start = Date.now() - 5 * 60 * MINUTE;
  const { alertId } = await seedAlert(db, {
    severity: 'critical',
    score: 0.95,
    text: 'We will slaughter the people of Darat Izza at dawn, all of them',
    publishedAt: new Date(start),
  });
  // Copies per text: 19 texts, 100 posts in all with the seeded one (text 0 has it plus 26 more, text 1 the rest).
  const copies = Array.from({ length: TEXTS }, (_, i) => (i === 0 ? 26 : i < 14 ? 4 + (i % 2) : 1));
  const total = 1 + copies.reduce((a, b) => a + b, 0);
  copies[1]! += POSTS - total;
  const accounts = new Set<string>(['author-seed']);
  let n = 0;
  for (let text = 0; text < TEXTS; text += 1) {
    const body =
      text === 0
        ? 'We will slaughter the people of Darat Izza at dawn, all of them'
        : `Darat Izza copied threat number ${text}: burn their houses, drive them out, leave nobody standing`;
    for (let copy = 0; copy < copies[text]!; copy += 1) {
      n += 1;
      // Accounts repeat within a text (one account posting several copies), as campaigns do.
      const author = `acct-${text}-${copy % (text === 0 ? 9 : 3)}`;
      accounts.add(author);
      const post = await db
        .insertInto('posts')
        .values({
          feed: copy % 2 ? 'demo-replay' : 'test-feed',
          external_id: `camp-${text}-${copy}`,
          author_handle: author,
          text: body,
          lang: 'en',
          published_at: new Date(start + n * 3 * MINUTE),
          url: `https://example.org/c/${text}/${copy}`,
          links: '[]',
          media: '[]',
          score: 0.7,
          severity: 'high',
          analysis: '{}',
          cluster_id: copies[text]! + (text === 0 ? 1 : 0) > 1 ? `cluster-${text}` : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await insertEvidence(db, {
        alertId,
        postId: post.id,
        placeId: 'darat-izza',
        score: 0.7,
        severity: 'high',
        category: text % 3 ? 'call_to_attack' : 'death_threat',
        explanation: { explanation: 'threat against Darat Izza', places: [], signals: [] },
      });
    }
  }
  // The seeded post belongs to text 0's cluster.
  await db
    .updateTable('posts')
    .set({ cluster_id: 'cluster-0' })
    .where(
      'id',
      '=',
      (await db.selectFrom('alert_posts').select('post_id').where('alert_id', '=', alertId).orderBy('post_id').executeTakeFirstOrThrow()).post_id,
    )
    .execute();
  await updateAlert(db, alertId, {
    post_count: POSTS,
    distinct_authors: accounts.size,
    distinct_sources: 2,
    campaign: true,
    category_counts: { death_threat: 40, call_to_attack: 60 },
  });
  biggest = { copies: 27, accounts: 10 };
  return alertId;
}

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

/** A first-screen shot at a README-friendly size (docs/screenshots/ copies these). */
async function readmeShot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 1200, height: 760 });
  await page.screenshot({ path: `${SHOTS}/readme-${name}.png` });
  await page.setViewportSize(size);
}

async function expectNoHorizontalOverflow(page: Page, width: number): Promise<void> {
  const outside = await page.evaluate<string>(
    `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > ${width} + 1).slice(0, 5).map((e) => e.tagName + '.' + e.className).join(' ')`,
  );
  expect(await page.evaluate<number>('document.documentElement.scrollWidth'), outside).toBeLessThanOrEqual(width);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  t = await openApiTestRuntime('browsertriage');
  app = await buildApiServer(t.runtime, { live: { pollMs: 500 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const db = t.runtime.database.db;
  const users = await seedUsers(db);
  campaignId = await seedCampaign();
  // A failed post with long unbroken id, error and text, for the dead-letter view's overflow check.
  await recordFailedPost(
    db,
    {
      feed: 'test-feed',
      externalId: `x${'9'.repeat(60)}`,
      author: { id: null, handle: 'poster', displayName: null },
      lang: 'ar',
      text: `سنحرق تقاد ${'Taqad'.repeat(80)} ${'word '.repeat(200)}`,
      publishedAt: new Date().toISOString(),
      url: null,
      links: [],
      media: [],
      edited: false,
      deleted: false,
      truncated: false,
    },
    `could not be stored: ${'invalid_byte_sequence_'.repeat(20)}`,
  );
  // Twenty more incidents to triage, across places, severities and languages.
  const severities = ['high', 'medium', 'low'] as const;
  for (let i = 0; i < 20; i += 1) {
    const arabic = i % 4 === 0;
    await seedAlert(db, {
      severity: severities[i % 3],
      placeId: i % 2 ? 'saraqib' : 'taqad',
      placeName: i % 2 ? 'Saraqib' : 'Taqad',
      lang: arabic ? 'ar' : 'en',
      text: arabic ? `سنحرق تقاد Taqad will burn, warning ${i}` : `They will storm ${i % 2 ? 'Saraqib' : 'Taqad'} tonight, message ${i}`,
      placeWord: arabic ? 'Taqad' : i % 2 ? 'Saraqib' : 'Taqad',
      threatWord: arabic ? 'burn' : 'storm',
    });
  }
  browser = await launchChromium();
  // An operator sees every page a reviewer does, and the operators' own.
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

describe.each(VIEWPORTS)('the alert page of a campaign at $width×$height', (viewport) => {
  it('shows each distinct text once, collapsed, with its copy and account counts; the facts, actions and trail at hand', async () => {
    const page = await open(`/alerts/${campaignId}`, viewport);
    const groups = page.locator('details.text-group');
    expect(await groups.count()).toBe(TEXTS);
    expect(await page.locator('details.text-group[open]').count()).toBe(0);
    const top = groups.first();
    expect(await top.getAttribute('data-cluster')).toBe('cluster-0');
    expect(await top.locator('summary .group-figures').textContent()).toMatch(
      new RegExp(`${biggest.copies} copies\\s*· ${biggest.accounts} accounts · 2 sources`),
    );
    // The copies' rows are in the page but hidden until the cluster is opened.
    expect(await top.locator('table.copies-table').isVisible()).toBe(false);
    expect(await page.locator('h1').textContent()).toContain('Darat Izza');
    expect(await page.locator('svg.timeline-chart g.bar[data-total]:not([data-total="0"])').count()).toBeGreaterThan(5);
    // 100 posts make a short page, not one screen per copy.
    const height = await page.evaluate<number>('document.documentElement.scrollHeight');
    expect(height).toBeLessThan(viewport.name === 'desktop' ? 2_600 : 5_000);
    if (viewport.name === 'desktop') {
      // The side column: status, actions and the audit trail in the first screen, beside the posts.
      for (const selector of ['[data-field="status"]', '#action-form button[data-action="acknowledge"]', '#trail li']) {
        const box = (await page.locator(selector).first().boundingBox())!;
        expect(box.y + box.height, selector).toBeLessThan(viewport.height);
        expect(box.x, selector).toBeGreaterThan(viewport.width / 2);
      }
    }
    await expectNoHorizontalOverflow(page, viewport.width);
    await page.screenshot({ path: `${SHOTS}/alert-campaign-${viewport.name}.png`, fullPage: true });
    if (viewport.name === 'desktop') await readmeShot(page, 'alert');

    // Opening a cluster lists its copies, each with its account and a split button.
    await top.locator('summary').click();
    await expect.poll(() => top.locator('table.copies-table').isVisible()).toBe(true);
    expect(await top.locator('table.copies-table tbody tr').count()).toBe(biggest.copies);
    expect(await top.locator('table.copies-table form.split').count()).toBe(biggest.copies);
    await expectNoHorizontalOverflow(page, viewport.width);
    await page.screenshot({ path: `${SHOTS}/alert-campaign-open-${viewport.name}.png` });
    await page.close();
  });
});

describe('the queue, rows expanded in place, keyboard only', () => {
  it('expands and collapses the selected row with o and Enter, showing its top posts, why and spans', async () => {
    const page = await open('/alerts', VIEWPORTS[0]);
    await expect.poll(() => page.locator('#queue tbody tr[data-id]').count()).toBe(21);
    await page.keyboard.press('j');
    const selected = page.locator('#queue tbody tr.selected');
    expect(await selected.getAttribute('data-id')).toBe(campaignId);
    await page.keyboard.press('o');
    const preview = page.locator(`#queue tr.preview[data-preview-for="${campaignId}"] .row-preview`);
    await preview.waitFor();
    expect(new URL(page.url()).pathname).toBe('/alerts');
    expect(await preview.locator('.preview-why').textContent()).toMatch(/Raised\s+as critical .* on 100 posts from \d+ accounts and 2 sources/s);
    expect(await preview.locator('.preview-post').count()).toBe(3);
    expect(await preview.locator('.preview-post').first().locator('mark.hl-threat').first().textContent()).toBe('slaughter');
    expect(await preview.locator('.preview-post').first().textContent()).toMatch(/27 copies\s+from 10 accounts/);
    expect(await preview.textContent()).toContain('and 16 more texts');
    await page.screenshot({ path: `${SHOTS}/queue-expanded-desktop.png` });
    await readmeShot(page, 'queue');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#queue tr.preview').count()).toBe(0);
    await page.keyboard.press('Enter');
    await preview.waitFor();
    // j moves past the preview to the next alert, not onto the preview.
    await page.keyboard.press('j');
    expect(await selected.getAttribute('data-id')).not.toBe(campaignId);
    await page.keyboard.press('k');
    await page.keyboard.press('o');
    await expect.poll(() => page.locator('#queue tr.preview').count()).toBe(0);
    await page.close();
  });

  it('triages twenty alerts without the mouse: j, o to read, a to acknowledge, o to fold', async () => {
    const page = await open('/alerts', VIEWPORTS[0]);
    await expect.poll(() => page.locator('#live-status').textContent(), { timeout: 10_000 }).toMatch(/live/);
    const done: string[] = [];
    await page.keyboard.press('j');
    for (let i = 0; i < 20; i += 1) {
      await page.keyboard.press('j');
      const id = (await page.locator('#queue tbody tr.selected').getAttribute('data-id'))!;
      expect(done).not.toContain(id);
      await page.keyboard.press('o');
      await page.locator(`#queue tr.preview[data-preview-for="${id}"] .post-text`).first().waitFor();
      await page.keyboard.press('a');
      // Generous: the action and the refresh that follows are two round trips on a busy machine.
      await expect.poll(() => page.locator(`#queue tr[data-id="${id}"] .status`).textContent(), { timeout: 10_000 }).toBe('acknowledged');
      // The row and its preview survive the live refresh; the selection too.
      expect(await page.locator(`#queue tr.preview[data-preview-for="${id}"]`).count()).toBe(1);
      expect(await page.locator('#queue tbody tr.selected').getAttribute('data-id')).toBe(id);
      await page.keyboard.press('o');
      await expect.poll(() => page.locator('#queue tr.preview').count(), { timeout: 10_000 }).toBe(0);
      done.push(id);
    }
    const statuses = await t.runtime.database.db.selectFrom('alerts').select('status').where('id', 'in', done).execute();
    expect(statuses.map((s) => s.status)).toEqual(Array(20).fill('acknowledged'));
    expect(await page.locator('[data-count-for="acknowledged"]').textContent()).toBe('20');
    await page.screenshot({ path: `${SHOTS}/queue-triaged-desktop.png` });
    // O opens the selected alert's page.
    await page.keyboard.press('O');
    await page.waitForURL(new RegExp(`/alerts/${done.at(-1)}$`));
    await page.close();
  }, 90_000);
});

describe.each(VIEWPORTS)('every reviewer and operator page at $width×$height', (viewport) => {
  it.each(['/alerts', '/places', '/places/darat-izza', '/feeds', '/failed', '/silences', '/subscriptions', '/notifications', '/docs'])(
    '%s does not overflow sideways',
    async (path) => {
      const page = await open(path, viewport);
      if (path === '/alerts') {
        // With a row expanded, too.
        await page.locator('#queue tbody tr[data-id] button.expand').first().click();
        await page.locator('#queue tr.preview .row-preview').waitFor();
      }
      await expectNoHorizontalOverflow(page, viewport.width);
      await page.screenshot({ path: `${SHOTS}/page${path.replace(/\//g, '-')}-${viewport.name}.png`, fullPage: true });
      await page.close();
    },
  );
});

describe('triage pages and the CSP', () => {
  it('no page broke the CSP or threw a script error', () => {
    expect(problems).toEqual([]);
  });
});
