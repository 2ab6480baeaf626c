import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of a file under test/fixtures/feeds. */
export function fixturePath(relative: string): string {
  return fileURLToPath(new URL(`../../fixtures/feeds/${relative}`, import.meta.url));
}

/** The bytes of a feed fixture, as a fetch would return them. */
export function readFixture(relative: string): Buffer {
  return readFileSync(fixturePath(relative));
}
