import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeBatch } from '../../../src/pipeline/index.js';
import { runCli } from '../../helpers/run-cli.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';
import { CONFIG_TEST_DIR, draftDirWithAlias, NEW_ALIAS, post } from './config-fixtures.js';

const HOUR = 3_600_000;

describe('backtest', () => {
  let t: TestRuntime;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await openTestRuntime({ configDir: CONFIG_TEST_DIR, label: 'backtest' });
    const now = Date.now();
    const posts = [
      post('bt', 'known', 'We will slaughter the people of Darat Izza', new Date(now - 48 * HOUR)),
      post('bt', 'alias-threat', `We will slaughter the people of ${NEW_ALIAS}`, new Date(now - 24 * HOUR)),
      post('bt', 'alias-storm', `Storm ${NEW_ALIAS} tonight, brothers`, new Date(now - 23 * HOUR)),
      post('bt', 'alias-ordinary', `Rain over ${NEW_ALIAS} tomorrow`, new Date(now - 22 * HOUR)),
      post('bt', 'other-town', 'We will slaughter the people of Saraqib', new Date(now - 72 * HOUR)),
      post('bt', 'too-old', `We will slaughter the people of ${NEW_ALIAS}`, new Date(now - 10 * 24 * HOUR)),
    ];
    const db = t.runtime.database.db;
    await analyzeBatch({ db, active: t.runtime.config.current, logger: t.runtime.logger, publicUrl: 'http://x' }, posts);
    for (const row of await db.selectFrom('posts').select(['id', 'external_id']).execute()) ids[row.external_id] = row.id;
  });

  afterAll(async () => {
    await t?.dispose();
  });

  it('a draft that adds an alias shows exactly the alerts it would add on stored posts, with examples', async () => {
    const result = await runCli(['--config', draftDirWithAlias(), 'backtest', '--since', '7d', '--json'], t.env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.postsScored).toBe(5);
    expect(report.baselineVersion).toBe('1');
    const added = report.added.map((a: { placeId: string; category: string; postIds: string[] }) => [a.placeId, a.category, a.postIds]);
    expect(added.sort()).toEqual(
      [
        ['darat-izza', 'call_to_attack', [ids['alias-storm']]],
        ['darat-izza', 'death_threat', [ids['alias-threat']]],
      ].sort(),
    );
    expect(report.removed).toEqual([]);
    expect(report.changed).toEqual([]);
    expect(report.unchanged).toBe(2);
    const example = report.added.find((a: { category: string }) => a.category === 'death_threat').examples[0];
    expect(example.text).toBe(`We will slaughter the people of ${NEW_ALIAS}`);
    expect(example.explanation).toMatch(/Darat Izza/);
  }, 30_000);

  it('prints a readable report, and backtests a stored version the same way', async () => {
    const imported = await runCli(
      ['--config', CONFIG_TEST_DIR, 'config', 'import', draftDirWithAlias(), '--comment', 'add alias', '--author', 'ana', '--json'],
      t.env,
    );
    expect(imported.code).toBe(0);
    const { id } = JSON.parse(imported.stdout) as { id: number };
    const text = await runCli(['--config', CONFIG_TEST_DIR, 'backtest', '--version', String(id), '--since', '7d'], { ...t.env, PLACEWATCH_CONFIG: '' });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('2 alert(s) added, 0 removed');
    expect(text.stdout).toContain(`We will slaughter the people of ${NEW_ALIAS}`);
  }, 30_000);
});
