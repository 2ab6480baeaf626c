#!/usr/bin/env node
// Start-up cost of the CLI against a bare `node -e 0` (issue 13: `--help` ≤ 6×, `score TEXT` ≤ 20×):
// the median wall and CPU time of RUNS runs (default 5) of each. Needs /usr/bin/time (GNU time).
// Run from a checkout with a fresh dist/ (`npm run build`), or it measures the tsx fallback.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/placewatch.js');
const runs = Number(process.env.RUNS ?? 5);
const cases = [
  ['node -e 0', ['-e', '0']],
  ['--help', [BIN, '--help']],
  ['score TEXT', [BIN, 'score', 'they will burn Darat Izza tonight']],
];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const results = {};
for (const [name, args] of cases) {
  const wall = [];
  const cpu = [];
  for (let i = 0; i < runs; i += 1) {
    const run = spawnSync('/usr/bin/time', ['-f', '%e %U %S', process.execPath, ...args], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${name} exited ${run.status}: ${run.stderr.slice(0, 500)}`);
    const [elapsed, user, system] = run.stderr.trim().split('\n').pop().split(' ').map(Number);
    wall.push(elapsed * 1000);
    cpu.push((user + system) * 1000);
  }
  results[name] = { wall_ms: median(wall), cpu_ms: median(cpu) };
}
const base = results['node -e 0'];
for (const [name, m] of Object.entries(results)) {
  // /usr/bin/time counts in 10 ms steps: a floor of 10 ms keeps the CPU ratio finite.
  const ratio = (value, of) => (value / Math.max(of, 10)).toFixed(1);
  console.log(
    `${name.padEnd(11)} wall ${String(Math.round(m.wall_ms)).padStart(6)} ms (${ratio(m.wall_ms, base.wall_ms)}x)  cpu ${String(Math.round(m.cpu_ms)).padStart(6)} ms (${ratio(m.cpu_ms, base.cpu_ms)}x)`,
  );
}
