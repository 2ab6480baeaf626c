import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../../../src/runtime/index.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';
import { CONFIG_TEST_DIR, draftDirWithAlias } from './config-fixtures.js';

describe('config/ YAML at start-up against the versions in Postgres', () => {
  let t: TestRuntime;
  const others: Runtime[] = [];
  const start = async (configDir: string, env: Record<string, string> = {}) => {
    const runtime = await openRuntime({ configDir, env: { ...t.env, ...env }, logLevel: 'silent' });
    others.push(runtime);
    return runtime;
  };

  beforeAll(async () => {
    t = await openTestRuntime({ configDir: CONFIG_TEST_DIR, label: 'sync' });
  });
  afterAll(async () => {
    for (const runtime of others) await runtime.close();
    await t?.dispose();
  });

  it('seeds version 1 from YAML on the first start', async () => {
    const rows = await t.runtime.database.db.selectFrom('config_versions').select(['id', 'active', 'source']).execute();
    expect(rows).toEqual([{ id: 1, active: true, source: 'yaml' }]);
    expect(t.runtime.config.current.config.version).toBe('1');
  });

  it('stores YAML changed on disk as a new version and activates it; running processes follow', async () => {
    const changed = await start(draftDirWithAlias());
    expect(changed.config.current.config.version).toBe('2');
    await expect.poll(() => t.runtime.config.current.config.version, { timeout: 5_000 }).toBe('2');
  });

  it('leaves the active version alone when the YAML is one Postgres already knows (a restart on old files undoes nothing)', async () => {
    const restarted = await start(CONFIG_TEST_DIR);
    expect(restarted.config.current.config.version).toBe('2');
  });

  it('only stores a draft with PLACEWATCH_CONFIG_SYNC=draft', async () => {
    const drafted = await start(draftDirWithAlias('Darat Izzeh'), { PLACEWATCH_CONFIG_SYNC: 'draft' });
    expect(drafted.config.current.config.version).toBe('2');
    const rows = await t.runtime.database.db.selectFrom('config_versions').select(['id', 'active']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 1, active: false },
      { id: 2, active: true },
      { id: 3, active: false },
    ]);
  });
});
