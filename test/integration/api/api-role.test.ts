import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN_EMAIL } from '../../../src/users/index.js';
import { startApi } from '../../../src/roles/index.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';

// The api role is imported on demand (so `ingest` and `demo` do not load Fastify): this starts it that way.
describe('the api role', () => {
  let t: TestRuntime;
  beforeAll(async () => {
    t = await openTestRuntime({ label: 'apirole' });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('listens on HOST:PORT, answers /api/health, and prints the first admin login to loginOut once', async () => {
    const loginOut = new PassThrough();
    let printed = '';
    loginOut.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const app = await startApi(t.runtime, loginOut);
    const { port } = app.server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
    expect(printed).toContain(DEMO_ADMIN_EMAIL);
  });
});
