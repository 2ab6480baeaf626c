import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Seconds each test file took in a recent full run (`node scripts/test-durations.js` refreshes it). */
const DURATIONS_FILE = new URL('./test-durations.json', import.meta.url);

/**
 * Starts the longest test files first. Two forks share the suite, and a long chaos or browser test
 * picked up last runs alone while the other fork idles; longest-first keeps both busy to the end.
 * A clean clone has no vitest cache, so the order comes from the checked-in durations; a file not
 * listed there (new, or short) keeps vitest's own order after the listed ones.
 */
export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const known = readDurations();
    const ordered = await super.sort(files);
    const seconds = (file: TestSpecification): number => known[relative(file.project.config.root, file.moduleId).replaceAll('\\', '/')] ?? 0;
    // A stable sort: unlisted files (0 s) keep the order vitest gave them.
    return ordered
      .map((file, index) => ({ file, index, seconds: seconds(file) }))
      .sort((a, b) => b.seconds - a.seconds || a.index - b.index)
      .map(({ file }) => file);
  }
}

function readDurations(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(DURATIONS_FILE, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}
