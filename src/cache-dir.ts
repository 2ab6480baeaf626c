import { utimesSync } from 'node:fs';
import path from 'node:path';
import { fromPackageRoot } from './package-root.js';

/**
 * Where placewatch keeps what it can rebuild (compiled analyzers, parsed config files):
 * `PLACEWATCH_ANALYZER_CACHE`, a directory or `off` (also `0`, `false`, `none`) for none; unset,
 * `data/cache` under the package root.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const value = env.PLACEWATCH_ANALYZER_CACHE?.trim();
  if (!value) return fromPackageRoot('data', 'cache');
  return /^(off|0|false|none)$/i.test(value) ? null : path.resolve(value);
}

/** Marks a cache file used now, so that trimming keeps it; a read-only cache still serves. */
export function touchCacheFile(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // Read-only: nothing to mark.
  }
}
