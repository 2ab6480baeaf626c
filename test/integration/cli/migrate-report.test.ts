import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';

describe('placewatch migrate', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('migratecli');
  });
  afterAll(async () => database.drop());

  it('lists each migration it applied on an empty database, and says "schema up to date" only when nothing was left', async () => {
    const env = { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' };
    const first = await runCli(['migrate'], env, { timeoutMs: 90_000 });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/: applied 0001_initial\n/);
    expect(first.stdout).toMatch(/: applied 0007_incident_facets\n/);
    expect(first.stdout).not.toContain('schema up to date');
    const again = await runCli(['migrate'], env, { timeoutMs: 90_000 });
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toMatch(/: schema up to date$/);
    expect(again.stdout).not.toContain('applied');
  }, 200_000);
});
