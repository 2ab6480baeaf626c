import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, loadConfig } from '../../../src/config/index.js';
import { createVersion, activateVersion } from '../../../src/config-versions/index.js';
import { runCli } from '../../helpers/run-cli.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';
import { CONFIG_TEST_DIR, contentWithAlias, NEW_ALIAS } from './config-fixtures.js';

describe('placewatch config', () => {
  let t: TestRuntime;
  const cli = (...args: string[]) => runCli(['--config', CONFIG_TEST_DIR, 'config', ...args], t.env);

  beforeAll(async () => {
    t = await openTestRuntime({ configDir: CONFIG_TEST_DIR, label: 'cfgcli' });
    const db = t.runtime.database.db;
    const draft = await createVersion(db, { content: contentWithAlias(), author: 'ana', comment: 'new spelling', source: 'api' });
    await activateVersion(db, draft.id, { actor: 'ana' });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('lists versions with author, comment and the active one, and diffs two of them', async () => {
    const [listed, diff] = await Promise.all([cli('versions', '--json'), cli('diff', '1', '2')]);
    expect(JSON.parse(listed.stdout)).toMatchObject([
      { id: 2, active: true, author: 'ana', comment: 'new spelling', parentId: 1 },
      { id: 1, active: false },
    ]);
    expect(diff.stdout).toBe(`+ places.yaml: places[darat-izza].aliases.en: "${NEW_ALIAS}"\n`);
  }, 30_000);

  it('exports a version as YAML that loads back to the same content, and rolls back in one command', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pw-export-'));
    const exported = await cli('export', '2', dir);
    expect(exported.code).toBe(0);
    expect(contentHash(loadConfig(dir))).toBe(contentHash(contentWithAlias()));
    const rolled = await cli('rollback', '--author', 'ana');
    expect(rolled.stdout).toBe('rolled back to version 1 (was 2)\n');
    const active = await t.runtime.database.db.selectFrom('config_versions').select('id').where('active', '=', true).execute();
    expect(active).toEqual([{ id: 1 }]);
  }, 30_000);
});
