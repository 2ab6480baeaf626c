#!/usr/bin/env node
// Writes test/helpers/test-durations.json from the last `npm test` results (test-artifacts/vitest-results.json):
// the seconds each test file took, longest first. The suite's sequencer starts the longest files first.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

const RESULTS = 'test-artifacts/vitest-results.json';
const OUT = 'test/helpers/test-durations.json';
// Files shorter than this hardly change how the two forks pack; leaving them out keeps the list short.
const MIN_SECONDS = 5;

let results;
try {
  results = JSON.parse(readFileSync(RESULTS, 'utf8'));
} catch (error) {
  console.error(`test-durations: cannot read ${RESULTS} (run npm test first): ${error.message}`);
  process.exit(1);
}
const durations = (results.testResults ?? [])
  .map((file) => [relative(process.cwd(), file.name).replaceAll('\\', '/'), Math.round((file.endTime - file.startTime) / 100) / 10])
  .filter(([, seconds]) => seconds >= MIN_SECONDS)
  .sort((a, b) => b[1] - a[1]);
writeFileSync(OUT, `${JSON.stringify(Object.fromEntries(durations), null, 2)}\n`);
console.log(`test-durations: ${durations.length} files of ${MIN_SECONDS} s or more written to ${OUT}`);
