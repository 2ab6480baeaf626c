import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scratchDataDir } from '../../../src/cli/scratch-data-dir.js';

describe('the data directory of a one-off demo', () => {
  it('on embedded defaults is a fresh temporary directory, removed afterwards', () => {
    const scratch = scratchDataDir({ PATH: '/usr/bin', REDIS_URL: 'redis://127.0.0.1:6379' });
    const dir = scratch.env.PLACEWATCH_DATA_DIR!;
    try {
      expect(dir).toMatch(/placewatch-demo-/);
      expect(existsSync(dir)).toBe(true);
      expect(scratch.env.PATH).toBe('/usr/bin');
    } finally {
      scratch.remove();
    }
    expect(existsSync(dir)).toBe(false);
  });

  it('is the one set explicitly with PLACEWATCH_DATA_DIR', () => {
    const env = { PLACEWATCH_DATA_DIR: '/srv/placewatch-ci' };
    expect(scratchDataDir(env).env).toBe(env);
  });

  it('is left alone when Postgres and Redis are both servers (nothing is written there)', () => {
    const env = { DATABASE_URL: 'postgres://db/placewatch', REDIS_URL: 'redis://cache:6379' };
    expect(scratchDataDir(env).env).toBe(env);
  });
});
