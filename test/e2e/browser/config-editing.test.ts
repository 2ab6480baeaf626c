import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import { currentTotp } from '../../../src/auth/index.js';
import { analyzeBatch } from '../../../src/pipeline/index.js';
import { enqueuePosts } from '../../../src/polling/index.js';
import { startAnalyzer } from '../../../workers/analyzer.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';
import { openTestRuntime } from '../../helpers/test-runtime.js';
import { PASSWORD, seedUsers } from '../../integration/api/api-fixtures.js';
import { CONFIG_TEST_DIR, NEW_ALIAS, post } from '../../integration/config/config-fixtures.js';
import { launchChromium } from '../../helpers/chromium.js';

const SHOTS = 'test-artifacts/browser';

let t: TestRuntime;
let app: FastifyInstance;
let browser: Browser;
let page: Page;
let base: string;
let users: Awaited<ReturnType<typeof seedUsers>>;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  t = await openTestRuntime({ configDir: CONFIG_TEST_DIR, label: 'cfgui' });
  const db = t.runtime.database.db;
  // A threat stored yesterday that names the town only by the alias the operator is about to add.
  await analyzeBatch({ db, active: t.runtime.config.current, logger: t.runtime.logger, publicUrl: 'http://x' }, [
    post('ui', 'yesterday', `We will slaughter the people of ${NEW_ALIAS}`, new Date(Date.now() - 86_400_000)),
  ]);
  users = await seedUsers(db);
  startAnalyzer(t.runtime);
  app = await buildApiServer(t.runtime, { live: { pollMs: 500 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await t?.dispose();
});

describe('config editing in a real browser', () => {
  it('an operator adds an alias, backtests it, activates it, and a new post using the alias raises an alert', async () => {
    const db = t.runtime.database.db;
    await page.goto(`${base}/config/places/darat-izza`);
    await page.fill('input[name="email"]', users.operator.email);
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(`${base}/login/totp`);
    await page.fill('input[name="code"]', currentTotp(users.operator.totpSecret!));
    await page.click('form[action="/login/totp"] button[type="submit"]');
    await page.waitForURL(/\/alerts$/);
    expect(await page.locator('#queue tbody tr').count()).toBe(0);

    await page.goto(`${base}/config/places/darat-izza`);
    await page.selectOption('#add-name select[name="language"]', 'en');
    await page.fill('#add-name input[name="text"]', NEW_ALIAS);
    await page.click('#add-name button[type="submit"]');
    await page.waitForURL(/\/config\/versions\/2\?done=created$/);
    expect(await page.locator('#diff').textContent()).toContain(`+ places.yaml: places[darat-izza].aliases.en: "${NEW_ALIAS}"`);
    expect(await page.locator('#validation').textContent()).toContain('no problems');
    await page.screenshot({ path: `${SHOTS}/config-01-draft.png`, fullPage: true });

    await page.click('#backtest-form button[type="submit"]');
    await page.locator('#backtest').waitFor();
    expect(await page.locator('#backtest-summary').textContent()).toContain('1 alert(s) added, 0 removed');
    expect(await page.locator('.backtest-added li[data-place="darat-izza"][data-category="death_threat"] .post-text').textContent()).toBe(
      `We will slaughter the people of ${NEW_ALIAS}`,
    );
    await page.screenshot({ path: `${SHOTS}/config-02-backtest.png`, fullPage: true });

    await page.click('#activate-form button[type="submit"]');
    await page.waitForURL(/\/config\/versions\/2\?done=activated$/);
    expect(await page.locator('h1 .active-version').textContent()).toBe('active');
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'subject_id'])
      .where('subject_type', '=', 'config_version')
      .orderBy('id')
      .execute();
    expect(audit.filter((a) => a.actor === users.operator.email).map((a) => `${a.action} ${a.subject_id}`)).toEqual(['config.create 2', 'config.activate 2']);

    // The in-process analyzer switches on the announcement; a post using the alias now raises an alert.
    await expect.poll(() => t.runtime.config.current.config.version, { timeout: 5_000 }).toBe('2');
    await enqueuePosts(t.runtime.queues, 'ui', [post('ui', 'today', `They will slaughter the people of ${NEW_ALIAS} tonight`)]);
    await expect
      .poll(async () => (await db.selectFrom('alerts').select('place_id').execute()).map((a) => a.place_id), { timeout: 10_000 })
      .toEqual(['darat-izza']);
    await page.goto(`${base}/alerts`);
    await expect.poll(() => page.locator('#queue tbody tr').count()).toBe(1);
    expect(await page.locator('#queue tbody tr').first().textContent()).toContain('Darat Izza');
    await page.screenshot({ path: `${SHOTS}/config-03-alert.png`, fullPage: true });
  }, 60_000);

  it('scores a text in the "try a text" box with the version being edited', async () => {
    await page.goto(`${base}/config/try?version=1`);
    await page.fill('#try-text textarea[name="text"]', `Storm ${NEW_ALIAS} tonight`);
    await page.click('#try-text button[type="submit"]');
    await page.locator('#try-result').waitFor();
    // Version 1 does not know the alias: nothing is aimed at a place.
    expect(await page.locator('#try-result').textContent()).toMatch(/^none · score 0\.000/);
  }, 30_000);
});
