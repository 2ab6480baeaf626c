import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/helpers/longest-first-sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: integration tests start processes on a shared 2-core machine; a hang still fails.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests start processes and servers; two cores do not gain from more forks.
    pool: 'forks',
    // Test files share their fork (isolate: false): a fresh process per file spent a third of the
    // suite's CPU importing the same modules again (and loading the shipped analyzer again). Every
    // file already makes its own databases, Redis prefixes, servers and processes and closes them;
    // what it puts in process.env is undone when it ends (test/helpers/restore-env-per-file.ts).
    poolOptions: { forks: { maxForks: 2, minForks: 1, isolate: false } },
    // Longest files first, so the two forks finish together (test/helpers/test-durations.json).
    sequence: { sequencer: LongestFirstSequencer },
    globalSetup: ['test/helpers/global-setup.ts'],
    // After every test a turn of the event loop, so the worker's RPC replies get read; after every
    // file, its changes to process.env undone (each file says why).
    setupFiles: ['test/helpers/yield-between-tests.ts', 'test/helpers/restore-env-per-file.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-artifacts/vitest-results.json' },
  },
});
