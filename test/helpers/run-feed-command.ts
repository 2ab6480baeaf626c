import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { vi } from 'vitest';
import { registerFeedCommand } from '../../src/cli/commands/feed.js';

/** Path of a file under test/fixtures/feeds. */
export const feedFixture = (relative: string) => fileURLToPath(new URL(`../fixtures/feeds/${relative}`, import.meta.url));

/** Runs `placewatch feed ...` in-process and captures what it writes (fast; the bin is tested elsewhere). */
export async function runFeedCommand(...args: string[]): Promise<{ stdout: string; stderr: string; error: unknown }> {
  const program = new Command('placewatch').option('--config <dir>').exitOverride();
  registerFeedCommand(program);
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  let error: unknown;
  try {
    await program.parseAsync(['node', 'placewatch', 'feed', ...args]);
  } catch (e) {
    error = e;
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { stdout, stderr, error };
}
