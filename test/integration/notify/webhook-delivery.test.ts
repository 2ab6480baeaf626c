import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listNotifications } from '../../../src/notify/index.js';
import { createResourceCache } from '../../../src/channels/index.js';
import { deliverNotification } from '../../../src/notify/deliver.js';
import { createSafeAgent, parseAllowList } from '../../../src/net/index.js';
import { runCli } from '../../helpers/run-cli.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';
import { commitAlert, FAST_DELIVERY, notifyConfig, startNotifyRoles, TestReceiver, TEST_SECRET, waitFor } from './notify-harness.js';

const hook = (name: string, extra: string) => `  - name: ${name}
    channel: webhook
    secret_env: PLACEWATCH_SECRET_TEST_HOOK
${extra}`;

describe('signed webhook delivery', () => {
  let receiver: TestReceiver;
  let t: TestRuntime;
  let configDir: string;
  let roles: ReturnType<typeof startNotifyRoles>;
  const env = { ...process.env, PLACEWATCH_SECRET_TEST_HOOK: TEST_SECRET };

  beforeAll(async () => {
    receiver = await TestReceiver.start();
    const r = (p: string) => receiver.url(p);
    configDir = notifyConfig(`routes:
${hook('town-a-high', `    places: [town-a]\n    min_severity: high\n    categories: [death_threat]\n    target: ${r('/a-high')}`)}
${hook('town-b-all', `    places: [town-b]\n    min_severity: low\n    categories: [death_threat]\n    target: ${r('/b-all')}`)}
${hook('critical-anywhere', `    min_severity: critical\n    categories: [death_threat]\n    target: ${r('/critical')}`)}
${hook('flaky', `    min_severity: low\n    categories: [punishment]\n    target: ${r('/flaky')}`)}
${hook('moved', `    min_severity: low\n    categories: [expulsion]\n    target: ${r('/moved')}`)}
${hook('down', `    min_severity: low\n    categories: [takfir]\n    target: ${r('/down')}`)}
${hook('busy', `    min_severity: low\n    categories: [intimidation]\n    target: ${r('/busy')}`)}
${hook('loopback-by-name', `    min_severity: low\n    categories: [call_to_attack]\n    target: http://localhost:${receiver.port}/private`)}
${FAST_DELIVERY}`);
    t = await openTestRuntime({ configDir, label: 'notify', env: { PLACEWATCH_ALLOW_PRIVATE: '127.0.0.1,localhost' } });
    roles = startNotifyRoles(t.runtime, env);
  });
  afterAll(async () => {
    await roles?.close();
    await t?.dispose();
    await receiver?.close();
  });

  const db = () => t.runtime.database.db;
  const routes = () => t.runtime.config.current.config.routes.routes;
  const rowsOf = async (alertId: string) => (await listNotifications(db(), { alert_id: alertId })).sort((a, b) => a.route.localeCompare(b.route));
  const settled = (alertId: string) =>
    waitFor(
      async () => {
        const rows = await rowsOf(alertId);
        return rows.every((r) => r.status === 'delivered' || r.status === 'dead') && rows;
      },
      10_000,
      `notifications of alert ${alertId}`,
    );

  it('routes each alert by place and severity to exactly the subscribed receivers', async () => {
    const aHigh = await commitAlert(db(), routes(), { placeId: 'town-a', severity: 'high' });
    const aMedium = await commitAlert(db(), routes(), { placeId: 'town-a', severity: 'medium' });
    const bLow = await commitAlert(db(), routes(), { placeId: 'town-b', severity: 'low' });
    const aCritical = await commitAlert(db(), routes(), { placeId: 'town-a', severity: 'critical' });
    expect((await settled(aHigh)).map((r) => r.route)).toEqual(['town-a-high']);
    expect(await rowsOf(aMedium)).toEqual([]);
    expect((await settled(bLow)).map((r) => r.route)).toEqual(['town-b-all']);
    expect((await settled(aCritical)).map((r) => r.route)).toEqual(['critical-anywhere', 'town-a-high']);
    const alertIds = (p: string) => receiver.at(p).map((r) => JSON.parse(r.body).data.alertId);
    expect(alertIds('/a-high')).toEqual(expect.arrayContaining([aHigh, aCritical]));
    expect(alertIds('/a-high')).toHaveLength(2);
    expect(alertIds('/b-all')).toEqual([bLow]);
    expect(alertIds('/critical')).toEqual([aCritical]);
  });

  it('signs so the reference standardwebhooks verifier accepts it, and rejects tampered bodies and stale timestamps', async () => {
    const request = await waitFor(() => receiver.at('/a-high')[0], 10_000, 'a delivery');
    const headers = {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    };
    const verifier = new Webhook(TEST_SECRET);
    const verified = verifier.verify(request.body, headers) as { type: string; data: Record<string, unknown> };
    expect(verified.type).toBe('alert.opened');
    expect(verified.data).toMatchObject({ place: 'town-a', postCount: 12, distinctAuthors: 7 });
    expect(headers['webhook-id']).toMatch(/^alert-\d+-opened-0-town-a-high$/);
    expect(() => verifier.verify(request.body.replace('town-a', 'town-b'), headers)).toThrow();
    const stale = String(Math.floor(Date.now() / 1000) - 600);
    expect(() => verifier.verify(request.body, { ...headers, 'webhook-timestamp': stale })).toThrow(/timestamp/i);
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(request.body, headers)).toThrow();
  });

  it('a receiver failing with 500 then 200 gets exactly one accepted delivery, under one webhook-id', async () => {
    let calls = 0;
    receiver.on('/flaky', () => ({ status: ++calls === 1 ? 500 : 200 }));
    const alertId = await commitAlert(db(), routes(), { category: 'punishment' });
    const [row] = await settled(alertId);
    expect(row).toMatchObject({ status: 'delivered', attempts: 2 });
    const requests = receiver.at('/flaky');
    expect(requests).toHaveLength(2);
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect([...receiver.accepted.values()].filter((r) => r.path === '/flaky')).toHaveLength(1);
  });

  it('does not follow redirects: the notification is a dead letter and the new location is never called', async () => {
    receiver.on('/moved', () => ({ status: 302, headers: { location: receiver.url('/elsewhere') } }));
    const alertId = await commitAlert(db(), routes(), { category: 'expulsion' });
    const [row] = await settled(alertId);
    expect(row).toMatchObject({ status: 'dead', attempts: 1 });
    expect(row!.last_error).toMatch(/NOTIFY_REDIRECT_REFUSED/);
    expect(receiver.at('/elsewhere')).toHaveLength(0);
  });

  it('checks webhook targets against private addresses as feeds are: literal and resolved loopback are refused', async () => {
    const alertId = await commitAlert(db(), routes(), { category: 'call_to_attack' });
    // Not delivered by the running notifier (it allowlists loopback); deliver it with the default policy.
    const strict = { allow: parseAllowList([]) };
    const agent = createSafeAgent({ ...strict, connectTimeoutMs: 2_000, headersTimeoutMs: 2_000, bodyTimeoutMs: 2_000 });
    await roles.notifier.worker.pause(true);
    try {
      const [pending] = await rowsOf(alertId);
      const result = await deliverNotification(
        {
          db: db(),
          logger: t.runtime.logger,
          routes: () => t.runtime.config.current.config.routes,
          channels: {
            agent,
            allow: strict.allow,
            env,
            resources: createResourceCache(),
            logger: t.runtime.logger,
            now: () => new Date(),
            arabicPlaceName: () => undefined,
          },
        },
        pending!.id,
      );
      expect(result.status).toBe('dead');
      const [row] = await rowsOf(alertId);
      expect(row!.last_error).toMatch(/NOTIFY_BLOCKED_ADDRESS.*loopback/);
      expect(receiver.at('/private')).toHaveLength(0);
    } finally {
      roles.notifier.worker.resume();
      await agent.close();
    }
  });

  it('honours Retry-After from a busy receiver', async () => {
    let calls = 0;
    receiver.on('/busy', () => (++calls === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }));
    const alertId = await commitAlert(db(), routes(), { category: 'intimidation' });
    await settled(alertId);
    const [first, second] = receiver.at('/busy');
    // Backoff alone would retry within 300 ms; the receiver asked for a second.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
  });

  it('a receiver down past the retry budget ends in dead letters, which an operator retries from the CLI', async () => {
    let up = false;
    receiver.on('/down', () => ({ status: up ? 200 : 503 }));
    const alertId = await commitAlert(db(), routes(), { category: 'takfir' });
    const [dead] = await settled(alertId);
    expect(dead).toMatchObject({ status: 'dead', attempts: 3 });
    expect(receiver.at('/down')).toHaveLength(3);

    const cliEnv = { ...t.env, PLACEWATCH_CONFIG: configDir };
    const listed = await runCli(['notifications', 'list', '--status', 'dead', '--json'], cliEnv);
    expect(listed.stderr).toBe('');
    expect(JSON.parse(listed.stdout).map((r: { id: string }) => r.id)).toContain(dead!.id);

    up = true;
    const retried = await runCli(['notifications', 'retry', dead!.id], cliEnv);
    expect(retried.code).toBe(0);
    expect(retried.stdout).toMatch(/queued for delivery again/);
    const [after] = await waitFor(
      async () => {
        const rows = await rowsOf(alertId);
        return rows[0]?.status === 'delivered' && rows;
      },
      10_000,
      'retried delivery',
    );
    expect(after!.status).toBe('delivered');
    const ids = receiver.at('/down').map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(1);

    const again = await runCli(['notifications', 'retry', dead!.id], cliEnv);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/only dead notifications can be retried/);
  });
});
