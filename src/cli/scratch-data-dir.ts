import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface ScratchDataDir {
  readonly env: NodeJS.ProcessEnv;
  /** Deletes the temporary directory (nothing when none was made). */
  remove(): void;
}

/**
 * The environment for a one-off command on embedded defaults: a fresh temporary
 * PLACEWATCH_DATA_DIR, so it never fights a running `npm start` for the PGlite lock or its Redis
 * files. A data directory set explicitly is kept, and so is the environment when both Postgres and
 * Redis are servers (nothing would be written there).
 */
export function scratchDataDir(source: NodeJS.ProcessEnv = process.env): ScratchDataDir {
  const embedded = !source.DATABASE_URL || !source.REDIS_URL;
  if (source.PLACEWATCH_DATA_DIR || !embedded) return { env: source, remove: () => undefined };
  const dir = mkdtempSync(path.join(tmpdir(), 'placewatch-demo-'));
  return { env: { ...source, PLACEWATCH_DATA_DIR: dir }, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
