import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listNotifications } from '../../../src/notify/index.js';
import { PROJECT_ROOT } from '../../helpers/paths.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';
import { commitAlert, notifyConfig, TestReceiver, TEST_SECRET, waitFor } from './notify-harness.js';

const COUNT = 12;

describe('notifier crash mid-delivery', () => {
  let receiver: TestReceiver;
  let t: TestRuntime;
  let configDir: string;
  const children = new Set<ChildProcess>();

  const startRole = (role: string): ChildProcess => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/placewatch.js'), 'start', '--role', role], {
      cwd: PROJECT_ROOT,
      env: { ...t.env, PLACEWATCH_CONFIG: configDir, PLACEWATCH_SECRET_TEST_HOOK: TEST_SECRET, PLACEWATCH_ALLOW_PRIVATE: '127.0.0.1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.add(child);
    child.on('exit', () => children.delete(child));
    return child;
  };
  const exited = (child: ChildProcess) =>
    new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

  beforeAll(async () => {
    receiver = await TestReceiver.start();
    // Slow answers keep deliveries in flight, so the kill lands in the middle of some.
    receiver.on('/slow', () => ({ status: 200, delayMs: 300 }));
    configDir = notifyConfig(`routes:
  - name: slow-receiver
    channel: webhook
    target: ${receiver.url('/slow')}
    secret_env: PLACEWATCH_SECRET_TEST_HOOK
    min_severity: low
delivery:
  # Generous attempts and timeout: on a loaded CI box a 300 ms answer can take seconds, and a row
  # that runs out of attempts would be "failed", which is not what this test is about.
  max_attempts: 20
  backoff_base: 100ms
  backoff_max: 300ms
  timeout: 3s
  relay_interval: 50ms
`);
    t = await openTestRuntime({ configDir, label: 'crash' });
  });
  afterAll(async () => {
    for (const child of children) {
      child.kill('SIGKILL');
      await exited(child);
    }
    await t?.dispose();
    await receiver?.close();
  });

  it('after SIGKILL and restart every notification is delivered, none twice to a receiver that honours idempotency keys', async () => {
    const db = t.runtime.database.db;
    const routes = t.runtime.config.current.config.routes.routes;
    for (let i = 0; i < COUNT; i++) await commitAlert(db, routes, { severity: 'high' });
    const scheduler = startRole('scheduler');
    const notifier = startRole('notifier');
    await waitFor(() => receiver.requests.length >= 2, 20_000, 'first deliveries');
    notifier.kill('SIGKILL');
    await exited(notifier);
    const before = receiver.accepted.size;
    expect(before).toBeLessThan(COUNT);

    startRole('notifier');
    let statuses = '';
    const rows = await waitFor(
      async () => {
        const all = await listNotifications(db, {});
        statuses = JSON.stringify(all.map((r) => r.status));
        return all.length === COUNT && all.every((r) => r.status === 'delivered') && all;
      },
      // The restarted notifier compiles its config and waits for the killed one's leases to lapse
      // first; under a loaded CI run that start alone has taken over 20 s.
      90_000,
      'every notification delivered',
    ).catch((error: Error) => {
      throw new Error(`${error.message}; statuses ${statuses}, ${receiver.requests.length} requests received`);
    });
    expect(receiver.accepted.size).toBe(COUNT);
    expect(new Set(rows.map((r) => r.idempotency_key))).toEqual(new Set(receiver.accepted.keys()));
    // The kill cut requests in flight: their rows were sent again after the lease lapsed, and the
    // receiver dropped each repeat by its webhook-id.
    expect(receiver.duplicates).toBeGreaterThan(0);
    expect(receiver.requests.length).toBe(COUNT + receiver.duplicates);
    scheduler.kill('SIGTERM');
    await exited(scheduler);
  }, 180_000);
});
