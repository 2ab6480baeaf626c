#!/usr/bin/env node
// `npm run build`, and `prepare` (which `npm ci` runs): compiles src/, workers/ and migrations/ to
// dist/ so that no command transpiles TypeScript at run time. bin/placewatch.js runs dist/ while
// dist/.built is newer than every source file, and the sources through tsx otherwise.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const SOURCE_DIRS = ['src', 'workers', 'migrations'];
// Run by `npm ci`: a type error is reported but does not fail the install (the JavaScript is emitted
// all the same, and `npm run typecheck` is where types are enforced).
const lenient = process.env.npm_lifecycle_event === 'prepare';
const startedAt = new Date();

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // `npm ci --omit=dev` has no compiler: the command will run the sources through tsx.
  console.error('placewatch build: typescript is not installed; dist/ not built (the CLI will run src/ through tsx)');
  process.exit(lenient ? 0 : 1);
}

// tsc's incremental state remembers what it emitted, not what is still there: a compiled file deleted
// by hand would never come back. Forget the state when one is missing.
if (SOURCE_DIRS.some((dir) => missingOutput(path.join(ROOT, dir), path.join(DIST, dir)))) rmSync(path.join(DIST, '.tsbuildinfo'), { force: true });
const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
// tsc exits 2 when it found type errors but still wrote every file; anything else non-zero wrote nothing.
const emitted = run.status === 0 || run.status === 2;
if (!emitted) {
  console.error(`placewatch build: tsc failed (exit ${run.status ?? run.signal}); dist/ not refreshed`);
  process.exit(lenient ? 0 : 1);
}
copyAssets(path.join(ROOT, 'src'), path.join(DIST, 'src'));
for (const dir of SOURCE_DIRS) pruneOrphans(path.join(DIST, dir), path.join(ROOT, dir));
// The stamp carries the build's start time: a source saved while tsc ran still counts as newer.
const stamp = path.join(DIST, '.built');
writeFileSync(stamp, `${startedAt.toISOString()}\n`);
utimesSync(stamp, startedAt, startedAt);
warmAnalyzerCache();
if (run.status === 2) {
  console.error('placewatch build: type errors above; dist/ was written anyway (run `npm run typecheck`)');
  process.exit(lenient ? 0 : 2);
}

/**
 * Compiles the shipped config into the analyzer cache (data/cache), so that the first `placewatch
 * score`, `eval` or worker start after an install loads it instead of compiling for seconds. Best
 * effort: when it fails, that first command compiles as it would have anyway.
 */
function warmAnalyzerCache() {
  if (/^(off|0|false|none)$/i.test(process.env.PLACEWATCH_ANALYZER_CACHE?.trim() ?? '')) return;
  const module = (file) => JSON.stringify(pathToFileURL(path.join(DIST, 'src', file)).href);
  const script = [
    `const { loadConfig } = await import(${module('config/index.js')});`,
    `const { loadOrCompileAnalyzer } = await import(${module('analysis/index.js')});`,
    `loadOrCompileAnalyzer(loadConfig(${JSON.stringify(path.join(ROOT, 'config'))}));`,
  ].join('\n');
  const warm = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (warm.status !== 0)
    console.error(`placewatch build: the analyzer cache was not warmed (the first command will compile): ${warm.stderr.trim().split('\n').pop()}`);
}

/** Files tsc does not emit (the UI's CSS and browser script) are read beside the compiled modules. */
function copyAssets(from, to) {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) copyAssets(source, target);
    else if (!entry.name.endsWith('.ts')) {
      mkdirSync(to, { recursive: true });
      copyFileSync(source, target);
    }
  }
}

/** Whether some TypeScript source under `source` has no compiled file under `built`. */
function missingOutput(source, built) {
  if (!existsSync(source)) return false;
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    const from = path.join(source, entry.name);
    const to = path.join(built, entry.name);
    if (entry.isDirectory() ? missingOutput(from, to) : entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !existsSync(to.replace(/\.ts$/, '.js')))
      return true;
  }
  return false;
}

/** Removes compiled files whose source was deleted (a stale migration in dist/ would still be applied). */
function pruneOrphans(built, source) {
  if (!existsSync(built)) return;
  for (const entry of readdirSync(built, { withFileTypes: true })) {
    const target = path.join(built, entry.name);
    const origin = path.join(source, entry.name);
    if (entry.isDirectory()) {
      if (existsSync(origin)) pruneOrphans(target, origin);
      else rmSync(target, { recursive: true, force: true });
    } else if (!existsSync(origin) && !existsSync(origin.replace(/\.js$/, '.ts'))) {
      rmSync(target, { force: true });
    }
  }
}
