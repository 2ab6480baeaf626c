import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoAdmin } from '../../../src/users/index.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';
import { openApiTestRuntime } from './api-runtime.js';

let t: TestRuntime;

beforeAll(async () => {
  t = await openApiTestRuntime('firstadmin');
});
afterAll(async () => {
  await t?.dispose();
});

describe('the first admin login banner', () => {
  it('names the first admin login, not a demo, and is printed once', async () => {
    let text = '';
    const out = { write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WritableStream;
    const password = await ensureDemoAdmin(t.runtime, out);
    expect(password).toBeTruthy();
    expect(text).toContain('first admin login (shown once)');
    expect(text).toContain(`password: ${password}`);
    expect(text).not.toMatch(/demo/i);
    text = '';
    expect(await ensureDemoAdmin(t.runtime, out)).toBeUndefined();
    expect(text).toBe('');
  });
});
