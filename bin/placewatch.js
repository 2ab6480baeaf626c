#!/usr/bin/env node
// Entry point of the `placewatch` command. It runs the JavaScript that `npm ci` compiled into dist/
// (scripts/build.js), so no command pays for transpiling. When dist/ is missing or older than a
// source file (a developer editing src/), it runs the TypeScript sources through tsx instead.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIRS = ['src', 'workers', 'migrations'];

/** The build stamp's time, or null when dist/ was never built. */
function builtAt() {
  try {
    return statSync(path.join(ROOT, 'dist', '.built')).mtimeMs;
  } catch {
    return null;
  }
}

/** True when some file under `dir` was modified after `time` (a few ms for the whole tree). */
function changedSince(dir, time) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const entry of entries) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory() ? changedSince(file, time) : statSync(file).mtimeMs > time) return true;
  }
  return false;
}

const built = builtAt();
const stale = built === null ? 'dist/ is not built' : SOURCE_DIRS.some((dir) => changedSince(path.join(ROOT, dir), built)) ? 'src/ is newer than dist/' : null;
if (stale === null) {
  const { main } = await import('../dist/src/cli/main.js');
  await main(process.argv);
} else {
  // Only on a terminal: scripts and tests read stderr as the command's own output.
  if (process.stderr.isTTY) process.stderr.write(`placewatch: ${stale} (npm run build); running the TypeScript sources through tsx\n`);
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../src/cli/main.ts');
  await main(process.argv);
}
