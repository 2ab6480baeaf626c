import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSafeAgent, parseAllowList } from '../../../src/net/index.js';
import { createResourceCache } from '../../../src/channels/index.js';
import { deliverNotification, listNotifications } from '../../../src/notify/index.js';
import { claimNotification, findNotificationRow, markFailed, renewLease } from '../../../src/notify/notification-repository.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';
import { commitAlert, FAST_DELIVERY, notifyConfig, TestReceiver, TEST_SECRET } from './notify-harness.js';

describe('a notification recorded as delivered is never delivered again', () => {
  let receiver: TestReceiver;
  let t: TestRuntime;
  let agent: ReturnType<typeof createSafeAgent>;
  const env = { ...process.env, PLACEWATCH_SECRET_TEST_HOOK: TEST_SECRET };

  beforeAll(async () => {
    receiver = await TestReceiver.start();
    const configDir = notifyConfig(`routes:
  - name: hook
    channel: webhook
    secret_env: PLACEWATCH_SECRET_TEST_HOOK
    min_severity: low
    target: ${receiver.url('/hook')}
${FAST_DELIVERY}`);
    // No notifier runs here: every delivery below is one this test makes.
    t = await openTestRuntime({ configDir, label: 'once', env: { PLACEWATCH_ALLOW_PRIVATE: '127.0.0.1' } });
    const allow = parseAllowList(['127.0.0.1']);
    agent = createSafeAgent({ allow, connectTimeoutMs: 2_000, headersTimeoutMs: 2_000, bodyTimeoutMs: 2_000 });
  });
  afterAll(async () => {
    await agent?.close();
    await t?.dispose();
    await receiver?.close();
  });

  const db = () => t.runtime.database.db;
  const deliver = (id: string) =>
    deliverNotification(
      {
        db: db(),
        logger: t.runtime.logger,
        routes: () => t.runtime.config.current.config.routes,
        channels: {
          agent,
          allow: parseAllowList(['127.0.0.1']),
          env,
          resources: createResourceCache(),
          logger: t.runtime.logger,
          now: () => new Date(),
          arabicPlaceName: () => undefined,
        },
      },
      id,
    );
  const pendingOf = async (alertId: string) => (await listNotifications(db(), { alert_id: alertId }))[0]!;

  it('when Postgres fails right after the delivery was recorded, the row stays delivered and a later job sends nothing', async () => {
    const alertId = await commitAlert(db(), t.runtime.config.current.config.routes.routes);
    const { id } = await pendingOf(alertId);
    // The attempt log refuses the 'delivered' entry: a database failure between the two writes.
    await sql`create function pw_refuse_delivered_log() returns trigger language plpgsql as $$
      begin if new.outcome = 'delivered' then raise exception 'attempt log unavailable'; end if; return new; end $$`.execute(db());
    await sql`create trigger pw_refuse_delivered_log before insert on notification_attempts
      for each row execute function pw_refuse_delivered_log()`.execute(db());
    try {
      expect(await deliver(id)).toEqual({ status: 'delivered' });
    } finally {
      await sql`drop trigger pw_refuse_delivered_log on notification_attempts`.execute(db());
      await sql`drop function pw_refuse_delivered_log`.execute(db());
    }
    expect(await findNotificationRow(db(), id)).toMatchObject({ status: 'delivered', attempts: 1 });
    // Well past any retry time: a relayed job (a re-run, a stale one) finds nothing to send.
    await new Promise((r) => setTimeout(r, 500));
    expect(await deliver(id)).toEqual({ status: 'skipped' });
    expect(receiver.at('/hook').filter((r) => JSON.parse(r.body).data.alertId === alertId)).toHaveLength(1);
  });

  it('a notifier whose lease lapsed and was taken over neither sends nor overwrites the delivered row', async () => {
    const alertId = await commitAlert(db(), t.runtime.config.current.config.routes.routes);
    const { id } = await pendingOf(alertId);
    const stale = (await claimNotification(db(), id, 1))!;
    await new Promise((r) => setTimeout(r, 20));
    expect(await deliver(id)).toEqual({ status: 'delivered' });
    // The stale holder wakes up: its re-check before sending fails, and its failure report is ignored.
    expect(await renewLease(db(), id, stale.claims, 10_000)).toBe(false);
    await markFailed(db(), id, { attempts: 1, dead: false, error: 'NOTIFY_NETWORK: timeout', nextAttemptAt: new Date(), claim: stale.claims });
    expect(await findNotificationRow(db(), id)).toMatchObject({ status: 'delivered', last_error: null });
    expect(await deliver(id)).toEqual({ status: 'skipped' });
    expect(receiver.at('/hook').filter((r) => JSON.parse(r.body).data.alertId === alertId)).toHaveLength(1);
  });
});
