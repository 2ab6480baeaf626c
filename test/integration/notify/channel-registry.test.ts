import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import { routesFileSchema } from '../../../src/config/schema/routes.js';
import { createResourceCache, registerChannel } from '../../../src/channels/index.js';
import { deliverNotification, listNotifications } from '../../../src/notify/index.js';
import { createSafeAgent, parseAllowList } from '../../../src/net/index.js';
import { recorded, recordingChannel } from '../../fixtures/channels/recording-channel.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';
import { login, seedUsers, type Session } from '../api/api-fixtures.js';
import { commitAlert, notifyConfig } from './notify-harness.js';

// The one line that adds a channel (built-in channels have theirs in src/channels/registry.ts).
registerChannel(recordingChannel);

const issues = (value: unknown) => {
  const result = routesFileSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('a channel defined in one file and registered with one line', () => {
  let t: TestRuntime;
  let app: FastifyInstance;
  let operator: Session;
  const allow = parseAllowList([]);
  const agent = createSafeAgent({ allow, connectTimeoutMs: 1_000, headersTimeoutMs: 1_000, bodyTimeoutMs: 1_000 });

  beforeAll(async () => {
    vi.stubEnv('PLACEWATCH_SECRET_KEY', 'test-key-for-subscription-secrets');
    // The route is read by the real config loader, as at startup.
    const configDir = notifyConfig(`routes:
  - name: tape-deck
    channel: recording
    target: tape-7
    min_severity: low
`);
    t = await openTestRuntime({ configDir, label: 'chanreg' });
    app = await buildApiServer(t.runtime, { loginRateLimit: { max: 1000, timeWindow: 60_000 } });
    operator = await login(app, (await seedUsers(t.runtime.database.db)).operator);
  });
  afterAll(async () => {
    await app?.close();
    await agent.close();
    await t?.dispose();
    vi.unstubAllEnvs();
  });

  it('config validation accepts its kind and applies its own target check', () => {
    expect(t.runtime.config.current.config.routes.routes.map((r) => r.channel)).toEqual(['recording']);
    expect(issues({ routes: [{ name: 'r', channel: 'recording', target: 'tape-1' }] })).toEqual([]);
    expect(issues({ routes: [{ name: 'r', channel: 'recording', target: 'https://x.example/' }] })).toEqual([
      'routes.0.target: expected a tape such as tape-1',
    ]);
    expect(issues({ routes: [{ name: 'r', channel: 'recording' }] })).toEqual(['routes.0.target: channel "recording" needs a target']);
    expect(issues({ routes: [{ name: 'r', channel: 'carrier-pigeon', target: 'tape-1' }] })[0]).toMatch(
      /^routes\.0\.channel: unknown channel "carrier-pigeon" \(expected one of .*recording/,
    );
  });

  it('delivery goes through it, with its default detail level', async () => {
    const db = t.runtime.database.db;
    const alertId = await commitAlert(db, t.runtime.config.current.config.routes.routes);
    const [pending] = await listNotifications(db, { alert_id: alertId });
    const status = await deliverNotification(
      {
        db,
        logger: t.runtime.logger,
        routes: () => t.runtime.config.current.config.routes,
        channels: {
          agent,
          allow,
          env: {},
          resources: createResourceCache(),
          logger: t.runtime.logger,
          now: () => new Date(),
          arabicPlaceName: () => undefined,
        },
      },
      pending!.id,
    );
    expect(status).toEqual({ status: 'delivered' });
    const sent = recorded.find((m) => m.notice.kind === 'alert' && m.notice.alert.alertId === alertId);
    expect(sent?.subscription).toMatchObject({ channel: 'recording', target: 'tape-7', detail: 'minimal' });
    expect((await listNotifications(db, { alert_id: alertId }))[0]).toMatchObject({ status: 'delivered' });
  });

  it('the API accepts a subscription on it and the UI offers it in the channel list', async () => {
    const headers = { cookie: operator.cookie, 'x-csrf-token': operator.csrf };
    const created = await app.inject({
      method: 'POST',
      url: '/api/subscriptions',
      headers,
      payload: { name: 'my-tape', channel: 'recording', target: 'tape-3' },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ subscription: { channel: 'recording', target: 'tape-3', has_secret: false }, secret: null });
    const refused = await app.inject({
      method: 'POST',
      url: '/api/subscriptions',
      headers,
      payload: { name: 'bad-tape', channel: 'recording', target: 'cassette' },
    });
    expect(refused.statusCode).toBe(400);
    const page = await app.inject({ method: 'GET', url: '/subscriptions', headers: { cookie: operator.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<option value="recording">recording</option>');
    expect(page.body).toContain('<option value="telegram">telegram</option>');
  });
});
