#!/usr/bin/env node
// `npm test`: runs the whole vitest suite against the real services and ends with one line
// `N passed, N failed[, N skipped]` read from vitest's JSON results (CI reads that line).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const RESULTS = 'test-artifacts/vitest-results.json';
rmSync(RESULTS, { force: true });
const run = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit', env: process.env });

if (!existsSync(RESULTS)) {
  console.log('0 passed, 1 failed');
  process.exit(run.status || 1);
}
const results = JSON.parse(readFileSync(RESULTS, 'utf8'));
const passed = results.numPassedTests ?? 0;
// Suites that failed to load count as failures too: a broken file must never look green.
const failedSuites = (results.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
let failed = (results.numFailedTests ?? 0) + failedSuites;
// Vitest also fails a run on errors outside any test (an unhandled rejection, a worker that stopped
// answering); the JSON has no test for them, so the summary counts one rather than look green.
if (failed === 0 && run.status !== 0) {
  console.log(`vitest exited with status ${run.status} without a failed test (see the errors above): counted as 1 failure`);
  failed = 1;
}
const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
