import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { tempConfig } from '../../helpers/temp-config.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** Exactly one line on stderr naming the problem, and a non-zero exit code. */
function expectOneLineError(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(result.code).not.toBe(0);
  const lines = result.stderr.trim().split('\n');
  expect(lines[0]).toMatch(pattern);
}

describe('start-up errors', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('startup');
  });
  afterAll(async () => database.drop());

  it('an invalid config file stops the command with file, path and reason', async () => {
    const dir = tempConfig({ 'places.yaml': 'places:\n  - id: town-a\n    name: Town A\n    aliases:\n      ar: [7]\n' });
    const result = await runCli(['--config', dir, 'alerts', 'list'], { ...process.env, DATABASE_URL: database.url });
    expectOneLineError(result, /^placewatch: CONFIG_INVALID: .*places\.yaml: places\[0\]\.aliases\.ar\[0\]: .*expected string/);
  });

  it('an unreachable DATABASE_URL gives one clear line', async () => {
    const port = await freePort();
    const result = await runCli(['alerts', 'list'], { ...process.env, DATABASE_URL: `postgres://postgres:secret@127.0.0.1:${port}/nothing` });
    expectOneLineError(
      result,
      /^placewatch: DATABASE_UNREACHABLE: cannot reach Postgres at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/nothing: .*ECONNREFUSED/,
    );
    expect(result.stderr).not.toContain('secret');
  });

  it('an unreachable REDIS_URL gives one clear line', async () => {
    const port = await freePort();
    const result = await runCli(['demo'], { ...process.env, DATABASE_URL: database.url, REDIS_URL: `redis://127.0.0.1:${port}` });
    expectOneLineError(result, /^placewatch: REDIS_UNREACHABLE: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
  });

  describe('a Redis that may evict keys', () => {
    let redis: ChildProcess;
    let url: string;
    beforeAll(async () => {
      const port = await freePort();
      redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--maxmemory-policy', 'allkeys-lru'], { stdio: 'ignore' });
      url = `redis://127.0.0.1:${port}`;
      await new Promise((r) => setTimeout(r, 400));
    });
    afterAll(() => {
      redis.kill('SIGKILL');
    });

    it('is refused at start-up', async () => {
      const result = await runCli(['demo'], { ...process.env, DATABASE_URL: database.url, REDIS_URL: url });
      expectOneLineError(result, /^placewatch: REDIS_MISCONFIGURED: .*maxmemory-policy "allkeys-lru"; placewatch needs "noeviction"/);
    });
  });
});
