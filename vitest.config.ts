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
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // Longest files first, so the two forks finish together (test/helpers/test-durations.json).
    sequence: { sequencer: LongestFirstSequencer },
    globalSetup: ['test/helpers/global-setup.ts'],
    // A turn of the event loop after every test (see the file): the worker's RPC replies get read.
    setupFiles: ['test/helpers/yield-between-tests.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-artifacts/vitest-results.json' },
  },
});
