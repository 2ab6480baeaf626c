import { describe, expect, it } from 'vitest';
import { StartProgress } from '../../../src/cli/start-progress.js';

/** A stand-in for process.stdout that records what was written. */
function terminal(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  const chunks: string[] = [];
  const out = { isTTY, write: (chunk: string) => chunks.push(chunk) > 0, text: () => chunks.join('') };
  return out as unknown as NodeJS.WriteStream & { text: () => string };
}

describe('what `start` says while it starts', () => {
  it('prints a line per step and a closing block with the URL and the one-time login on a terminal', async () => {
    const out = terminal(true);
    const progress = new StartProgress(out);
    progress.step('database', 'embedded PGlite at ./data/pglite');
    progress.loginOut.write('\nplacewatch demo login (shown once): http://127.0.0.1:8080/login\n  email:    admin@placewatch.local\n  password: s3cret\n\n');
    await new Promise((resolve) => setImmediate(resolve));
    progress.ready('http://127.0.0.1:8080', true);
    const text = out.text();
    expect(text).toMatch(/✓ database\s+embedded PGlite at \.\/data\/pglite\s+\d+\.\d s/);
    expect(text).toContain('placewatch is running');
    expect(text).toContain('login (shown once): http://127.0.0.1:8080/login');
    expect(text).toContain('password: s3cret');
  });

  it('stays silent off a terminal and leaves the login on stdout as before', () => {
    const out = terminal(false);
    const progress = new StartProgress(out);
    progress.step('database', 'x');
    progress.loginOut.write('login\n');
    progress.ready('http://127.0.0.1:8080', false);
    expect(out.text()).toBe('login\n');
  });
});
