import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHIPPED_CONFIG } from '../../helpers/paths.js';
import { runCli } from '../../helpers/run-cli.js';

describe('demo on embedded defaults', () => {
  const cwd = mkdtempSync(path.join(tmpdir(), 'placewatch-beside-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('runs while another process (npm start) holds ./data, and leaves ./data alone', async () => {
    // What `npm start` leaves while it runs: the embedded database's lock, naming a live process.
    mkdirSync(path.join(cwd, 'data'));
    writeFileSync(path.join(cwd, 'data', 'pglite.lock'), String(process.pid));
    const env: NodeJS.ProcessEnv = { ...process.env, PLACEWATCH_CONFIG: SHIPPED_CONFIG, LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    delete env.PLACEWATCH_DATA_DIR;

    const result = await runCli(['demo'], env, { cwd, timeoutMs: 150_000 });
    expect(result.stderr).not.toMatch(/placewatch: /);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/demo: 202 sample posts read, 202 stored/);
    expect(readdirSync(path.join(cwd, 'data'))).toEqual(['pglite.lock']);
    expect(readFileSync(path.join(cwd, 'data', 'pglite.lock'), 'utf8')).toBe(String(process.pid));
  }, 180_000);
});
