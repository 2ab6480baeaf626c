/**
 * The values of config files that parsed cleanly, as JSON, by a hash of their text: a CLI command
 * reads the config's ~230 KB of YAML in ~10 ms instead of the ~300 ms a fresh process's YAML parser
 * takes before its code is compiled (a third of `placewatch score`). Kept beside the compiled
 * analyzers (`PLACEWATCH_ANALYZER_CACHE`, default data/cache). Only a text that parsed without error
 * into plain JSON values is stored, so its cached value is the parser's, and every error is still
 * the parser's own message with its line; the schema checks the value either way. A missing,
 * damaged or unwritable cache only means parsing.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDir, touchCacheFile } from '../cache-dir.js';

/** The file format and the parser's version: a new parser may read a text differently. */
const FORMAT = `1 yaml ${createRequire(import.meta.url)('yaml/package.json').version as string}`;
/** Files kept, the most recently used first: the configs of a few checkouts and a test run. */
const KEEP_FILES = 128;

function fileFor(dir: string, text: string): string {
  return path.join(dir, `config-${createHash('sha256').update(FORMAT).update(text).digest('hex').slice(0, 32)}.json`);
}

/** The value `text` parsed to before, or undefined. */
export function cachedYamlValue(text: string): unknown {
  const dir = cacheDir();
  if (!dir) return undefined;
  const file = fileFor(dir, text);
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    touchCacheFile(file);
    return value;
  } catch {
    return undefined; // Not cached, or damaged: parsed again and written anew.
  }
}

/** Stores what `text` parsed to, when it is nothing but JSON values (see isPlainJson). */
export function storeYamlValue(text: string, value: unknown): void {
  const dir = cacheDir();
  if (!dir || !isPlainJson(value)) return;
  const file = fileFor(dir, text);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, JSON.stringify(value));
    renameSync(temp, file);
  } catch {
    try {
      unlinkSync(temp);
    } catch {
      // Never written.
    }
    return;
  }
  trim(dir);
}

/**
 * Whether JSON gives the value back as it is: plain objects and arrays of strings, finite numbers,
 * booleans and null. Not an infinity or NaN (`.inf`), undefined, a Map, a key named __proto__.
 */
export function isPlainJson(value: unknown, depth = 0): boolean {
  if (depth > 200) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every((item) => isPlainJson(item, depth + 1));
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || !isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/** Keeps the KEEP_FILES most recently used files; removes temporary files an hour old (a crashed writer's). */
function trim(dir: string): void {
  try {
    const files = readdirSync(dir)
      .filter((name) => name.startsWith('config-'))
      .map((name) => ({ file: path.join(dir, name), time: statSync(path.join(dir, name)).mtimeMs, temp: name.endsWith('.tmp') }))
      .sort((a, b) => b.time - a.time);
    let kept = 0;
    for (const f of files) {
      if (f.temp ? f.time < Date.now() - 3_600_000 : ++kept > KEEP_FILES) unlinkSync(f.file);
    }
  } catch {
    // Files vanishing under another process's trim: the next write trims again.
  }
}
