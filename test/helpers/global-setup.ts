import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';

/**
 * Runs once per `vitest run`: gives the run an id that every integration test uses for its own
 * database names and Redis key prefixes, so concurrent runs never collide.
 */
export default function setup(): void {
  process.env.PLACEWATCH_TEST_RUN = process.env.PLACEWATCH_TEST_RUN ?? randomBytes(4).toString('hex');
  mkdirSync('test-artifacts', { recursive: true });
}
