/**
 * An on-disk cache of compiled matchers, so that `score`, `eval` and a starting worker load in
 * milliseconds what takes seconds to compile (issue 13). A file is named by a hash of what it was
 * compiled from: the places, lexicons and modifiers, and the code that compiles them (the analysis
 * and text modules' files, as this process runs them), so neither a config edit nor a code change
 * ever loads a stale one. The model is not in it: it is loaded, and cached, on its own.
 *
 * A file is a magic number, a JSON header and the automaton's Int32Arrays written raw (native byte
 * order, which the key includes). Files are written to a temporary name and renamed, so a reader
 * never sees half of one; one that cannot be read is reported, compiled again and replaced. The cache
 * never fails a command: an unwritable directory only means compiling every time.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnalysisConfig } from '../config/index.js';
import { cacheDir, touchCacheFile } from '../cache-dir.js';
import { assembleAnalyzer, compileMatcher, type CompiledMatcher, type CompileOptions } from './compile-analyzer.js';
import type { CompiledAnalyzer } from './compiled-types.js';
import { matcherFromSnapshot, SNAPSHOT_ARRAYS, snapshotOf, type SnapshotHeader } from './matcher-snapshot.js';

/** Bumped when the file layout or the snapshot's meaning changes. */
const FORMAT = 2;
const MAGIC = 0x43415750; // "PWAC" read little-endian
/**
 * What the cache directory keeps, the most recently used first, after each write: at most this many
 * files and bytes. A count alone let a stream of small configs (a test run's, an operator trying
 * out edits) push out the large one every worker loads, which then compiled again.
 */
const KEEP_FILES = 32;
const KEEP_BYTES = 512 * 1024 * 1024;

export interface AnalyzerCacheOptions {
  /** The cache directory; null turns the cache off. Default: {@link analyzerCacheDir}. */
  readonly dir?: string | null;
  /** Where a damaged file or an unwritable directory is reported. Default: stderr (debug lines with LOG_LEVEL=debug). */
  readonly log?: CacheLog;
}

export interface CacheLog {
  warn(message: string): void;
  debug(message: string): void;
}

/** What this process's cache did: lets tests and the bench see a load happen. */
export const analyzerCacheStats = { hits: 0, misses: 0, writes: 0, unreadable: 0, unwritable: 0 };

/** The analyzer cache's directory, or null when it is off: see {@link cacheDir}. */
export function analyzerCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  return cacheDir(env);
}

/**
 * {@link compileAnalyzer}, loading the compiled matcher from the cache when it holds this config's,
 * and storing it there when it did not.
 */
export function loadOrCompileAnalyzer(
  config: AnalysisConfig & { version: string; dir?: string },
  opts: CompileOptions & { cache?: AnalyzerCacheOptions } = {},
): CompiledAnalyzer {
  const dir = opts.cache?.dir === undefined ? analyzerCacheDir() : opts.cache.dir;
  if (dir === null) return assembleAnalyzer(config, compileMatcher(config), opts);
  const log = opts.cache?.log ?? stderrLog;
  const file = path.join(dir, `analyzer-${analyzerCacheKey(config)}.bin`);
  let matcher = readCachedMatcher(file, log);
  if (matcher) {
    analyzerCacheStats.hits++;
    log.debug(`analyzer loaded from cache ${file}`);
  } else {
    analyzerCacheStats.misses++;
    matcher = compileMatcher(config);
    writeCachedMatcher(dir, file, matcher, log);
  }
  return assembleAnalyzer(config, matcher, opts);
}

/** The hash a config's cache file is named by: its places, lexicons and modifiers, and the compiling code. */
export function analyzerCacheKey(config: Pick<AnalysisConfig, 'places' | 'lexicons' | 'modifiers'>): string {
  return createHash('sha256')
    .update(codeFingerprint())
    .update(JSON.stringify([config.places, config.lexicons, config.modifiers]))
    .digest('hex')
    .slice(0, 32);
}

let fingerprint: string | undefined;

/**
 * A hash of the files of the analysis and text modules this process runs (dist/ JavaScript, or the
 * TypeScript sources under tsx and vitest): every module compilation reads. Computed once per process
 * (about 300 KB read).
 */
function codeFingerprint(): string {
  if (fingerprint === undefined) {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const hash = createHash('sha256').update(`format ${FORMAT} ${endianness()}\n`);
    for (const dir of [here, path.join(here, '..', 'text')]) {
      for (const name of readdirSync(dir).sort()) {
        if (!/\.(js|ts)$/.test(name)) continue;
        hash.update(`${name}\n`).update(readFileSync(path.join(dir, name)));
      }
    }
    fingerprint = hash.digest('hex');
  }
  return fingerprint;
}

/** The cached matcher, or null when there is none or it cannot be read (reported, then replaced). */
function readCachedMatcher(file: string, log: CacheLog): CompiledMatcher | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    // None yet (ENOTDIR: the directory's path runs through a file, which writing reports).
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') log.warn(`analyzer cache ${file} unreadable (${(error as Error).message}); compiling`);
    return null;
  }
  try {
    const matcher = decode(bytes);
    // Marks it recently used, so that trimming the directory keeps it.
    touchCacheFile(file);
    return matcher;
  } catch (error) {
    analyzerCacheStats.unreadable++;
    log.warn(`analyzer cache ${file} is damaged (${(error as Error).message}); compiling it again`);
    return null;
  }
}

function writeCachedMatcher(dir: string, file: string, matcher: CompiledMatcher, log: CacheLog): void {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(temp, 'w');
    try {
      for (const chunk of encode(matcher)) writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
    analyzerCacheStats.writes++;
    log.debug(`analyzer cached in ${file}`);
  } catch (error) {
    analyzerCacheStats.unwritable++;
    log.debug(`analyzer cache not written to ${dir}: ${(error as Error).message}`);
    try {
      unlinkSync(temp);
    } catch {
      // Never created.
    }
    return;
  }
  trim(dir);
}

/**
 * [magic, format, header bytes, vocabulary bytes] as uint32, the header's JSON (UTF-8), the vocabulary's
 * keys as one UTF-16 string (Arabic keys take no more room so, and decode with no work), padding to 4
 * bytes, then each array: the automaton's, then the vocabulary's offsets and key ids.
 */
function encode(matcher: CompiledMatcher): Uint8Array[] {
  const { header, vocabulary, arrays } = snapshotOf(matcher);
  const all = [...SNAPSHOT_ARRAYS.map((name) => arrays[name]), vocabulary.starts, vocabulary.ids];
  const json = Buffer.from(JSON.stringify({ sizes: all.map((a) => a.length), header }), 'utf8');
  const words = Buffer.from(vocabulary.text, 'utf16le');
  const prefix = new Uint32Array([MAGIC, FORMAT, json.length, words.length]);
  const padding = new Uint8Array(padTo4(json.length + words.length));
  const body = all.map((a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return [new Uint8Array(prefix.buffer), json, words, padding, ...body];
}

const PREFIX_BYTES = 16;
/** The automaton's arrays, then the vocabulary's offsets and ids. */
const ARRAY_COUNT = SNAPSHOT_ARRAYS.length + 2;

function decode(bytes: Buffer): CompiledMatcher {
  if (bytes.length < PREFIX_BYTES) throw new Error(`truncated: ${bytes.length} bytes`);
  if (bytes.readUInt32LE(0) !== MAGIC || bytes.readUInt32LE(4) !== FORMAT) throw new Error('not an analyzer cache file of this version');
  const jsonBytes = bytes.readUInt32LE(8);
  const wordBytes = bytes.readUInt32LE(12);
  const wordsAt = PREFIX_BYTES + jsonBytes;
  const arraysAt = wordsAt + wordBytes + padTo4(jsonBytes + wordBytes);
  if (arraysAt > bytes.length || wordBytes % 2 !== 0) throw new Error('truncated header');
  const { sizes, header } = JSON.parse(bytes.toString('utf8', PREFIX_BYTES, wordsAt)) as { sizes: number[]; header: SnapshotHeader };
  if (!Array.isArray(sizes) || sizes.length !== ARRAY_COUNT || !sizes.every((n) => Number.isInteger(n) && n >= 0)) throw new Error('bad array sizes');
  const end = arraysAt + sizes.reduce((n, s) => n + 4 * s, 0);
  if (bytes.length !== end) throw new Error(`${bytes.length} bytes, expected ${end}`);
  // One aligned copy of the arrays: readFileSync's buffer may start at any offset of its memory.
  const ints = new Int32Array(bytes.buffer.slice(bytes.byteOffset + arraysAt, bytes.byteOffset + end));
  let at = 0;
  const [rootChild, nodes, edges, outputs, starts, ids] = sizes.map((size) => ints.subarray(at, (at += size)));
  const text = bytes.toString('utf16le', wordsAt, wordsAt + wordBytes);
  return matcherFromSnapshot({
    header,
    vocabulary: { text, starts: starts!, ids: ids! },
    arrays: { rootChild: rootChild!, nodes: nodes!, edges: edges!, outputs: outputs! },
  });
}

function padTo4(bytes: number): number {
  return (4 - (bytes % 4)) % 4;
}

/**
 * Keeps the most recently used files within KEEP_FILES and KEEP_BYTES (the newest always); removes
 * older ones and temporary files left by crashed writers.
 */
function trim(dir: string): void {
  try {
    const files = readdirSync(dir)
      .filter((name) => /^analyzer-.*\.(bin|tmp)$/.test(name))
      .map((name) => {
        const stat = statSync(path.join(dir, name));
        return { file: path.join(dir, name), time: stat.mtimeMs, bytes: stat.size, temp: name.endsWith('.tmp') };
      })
      .sort((a, b) => b.time - a.time);
    const hour = Date.now() - 3_600_000;
    let kept = 0;
    let bytes = 0;
    for (const f of files) {
      if (f.temp) {
        if (f.time < hour) unlinkSync(f.file);
        continue;
      }
      bytes += f.bytes;
      if (++kept > KEEP_FILES || (kept > 1 && bytes > KEEP_BYTES)) unlinkSync(f.file);
    }
  } catch {
    // Another process trimming at the same time, or files vanishing: the next write trims again.
  }
}

const stderrLog: CacheLog = {
  warn: (message) => process.stderr.write(`placewatch: warning: ${message}\n`),
  debug: (message) => {
    if (process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace') process.stderr.write(`placewatch: ${message}\n`);
  },
};
