import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/paths.js';
import { runCli } from '../../helpers/run-cli.js';
import { createTestDatabase, createTestRedisPrefix, testEnv, type TestDatabase } from '../../helpers/services.js';

describe('the placewatch CLI against real Postgres and Redis', () => {
  let database: TestDatabase;
  const redis = createTestRedisPrefix('cli');
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database = await createTestDatabase('cli');
    env = testEnv(database.url, redis.prefix, { LOG_LEVEL: 'warn' });
  });
  afterAll(async () => {
    await redis.cleanup();
    await database?.drop();
  });

  it('demo prints the alerts raised against Darat Izza and exits 0', async () => {
    const result = await runCli(['demo'], env, { timeoutMs: 120_000 });
    expect(result.stderr).not.toMatch(/placewatch: /);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/demo: 202 sample posts read, 202 stored/);
    expect(result.stdout).toMatch(/^\d+\s+Darat Izza\s+critical\s+death_threat\s+new\s+\d+\s+\d+\s+yes/m);
  }, 150_000);

  it('ingest --wait commits every alert before it returns, and alerts list --json shows them', async () => {
    const file = path.join(PROJECT_ROOT, 'test/fixtures/posts/mixed-small.jsonl');
    const ingest = await runCli(['ingest', file, '--feed', 'cli-import', '--wait'], env, { timeoutMs: 120_000 });
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toContain('queued 6 posts');
    expect(ingest.stdout).toContain('all posts analysed and committed');
    expect(ingest.stderr).toMatch(/mixed-small\.jsonl:6: skipped: /);

    const list = await runCli(['alerts', 'list', '--json'], env);
    expect(list.code).toBe(0);
    const alerts = JSON.parse(list.stdout) as Array<Record<string, unknown>>;
    expect(Array.isArray(alerts)).toBe(true);
    for (const alert of alerts) {
      for (const key of ['id', 'place', 'status', 'severity', 'category', 'post_count', 'distinct_authors', 'campaign', 'first_seen', 'last_seen']) {
        expect(alert).toHaveProperty(key);
      }
    }
    expect(alerts.some((a) => a.place === 'darat-izza')).toBe(true);
    const newOnly = await runCli(['alerts', 'list', '--status', 'resolved', '--json'], env);
    expect(JSON.parse(newOnly.stdout)).toEqual([]);
  }, 150_000);

  it('prints help for every command', async () => {
    const help = await runCli(['--help'], env);
    expect(help.code).toBe(0);
    for (const command of ['start', 'migrate', 'demo', 'ingest', 'score', 'eval', 'alerts', 'feeds', 'feed', 'user', 'token', 'bench']) {
      expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });
});
