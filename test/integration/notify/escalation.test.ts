import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAlertEvents } from '../../../src/alerts/index.js';
import { updateAlert } from '../../../src/alerts/alert-repository.js';
import { listNotifications, startNotifier, startNotifyScheduler, timeToAcknowledgeReport, type Notifier } from '../../../src/notify/index.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';
import { commitAlert, FAST_DELIVERY, notifyConfig, TestReceiver, TEST_SECRET, waitFor } from './notify-harness.js';

describe('escalation policies', () => {
  let receiver: TestReceiver;
  let t: TestRuntime;
  let notifier: Notifier;
  let scheduler: { close(): Promise<void> };

  beforeAll(async () => {
    receiver = await TestReceiver.start();
    const configDir = notifyConfig(`routes:
  - name: duty-officer
    channel: webhook
    target: ${receiver.url('/duty')}
    secret_env: PLACEWATCH_SECRET_TEST_HOOK
    escalation_only: true
  - name: team-lead
    channel: webhook
    target: ${receiver.url('/lead')}
    secret_env: PLACEWATCH_SECRET_TEST_HOOK
    escalation_only: true
escalation_policies:
  - name: critical-unacknowledged
    min_severity: critical
    tiers:
      - { after: 1s, notify: [duty-officer] }
      - { after: 1s, notify: [team-lead] }
    repeat_last: 5
${FAST_DELIVERY}`);
    t = await openTestRuntime({ configDir, label: 'escalate', env: { PLACEWATCH_ALLOW_PRIVATE: '127.0.0.1' } });
    const { runtime } = t;
    const routes = () => runtime.config.current.config.routes;
    notifier = startNotifier({
      db: runtime.database.db,
      redis: runtime.redis,
      queuePrefix: runtime.queuePrefix,
      logger: runtime.logger,
      routes,
      places: () => [],
      allowPrivate: runtime.env.PLACEWATCH_ALLOW_PRIVATE,
      env: { ...process.env, PLACEWATCH_SECRET_TEST_HOOK: TEST_SECRET },
    });
    scheduler = startNotifyScheduler({ db: runtime.database.db, queues: runtime.queues, logger: runtime.logger, routes, publicUrl: 'http://placewatch.test' });
  });
  afterAll(async () => {
    await scheduler?.close();
    await notifier?.close();
    await t?.dispose();
    await receiver?.close();
  });

  const db = () => t.runtime.database.db;

  it('notifies the next tier after the timeout, repeats, and stops on acknowledge, every step in the audit trail', async () => {
    const routes = t.runtime.config.current.config.routes.routes;
    const committed = Date.now();
    const alertId = await commitAlert(db(), routes, { severity: 'critical' });
    const ignored = await commitAlert(db(), routes, { severity: 'high' });

    const duty = await waitFor(() => receiver.at('/duty')[0], 5_000, 'tier 1');
    // Timed from the alert: not before the 1 s timeout.
    expect(duty.at - committed).toBeGreaterThanOrEqual(900);
    const body = JSON.parse(duty.body) as { type: string; data: { alertId: string; escalation: { tier: number } } };
    expect(body).toMatchObject({ type: 'alert.escalation', data: { alertId, escalation: { tier: 0 } } });

    await waitFor(() => receiver.at('/lead').length >= 2, 6_000, 'tier 2 and its repeat');
    await updateAlert(db(), alertId, { status: 'acknowledged', acknowledged_at: new Date() });
    await waitFor(
      async () => {
        const state = await sql<{ status: string }>`select status from alert_escalations where alert_id = ${alertId}`.execute(db());
        return state.rows[0]?.status === 'acknowledged';
      },
      5_000,
      'escalation stopped',
    );
    const leadCalls = receiver.at('/lead').length;
    await new Promise((r) => setTimeout(r, 1_500));
    expect(receiver.at('/lead').length).toBe(leadCalls);

    const actions = (await listAlertEvents(db(), alertId)).filter((e) => e.actor === 'escalation').map((e) => e.action);
    expect(actions[0]).toBe('escalation_started');
    expect(actions.filter((a) => a === 'escalation_notified').length).toBe(1 + leadCalls);
    expect(actions.at(-1)).toBe('escalation_stopped');
    const stoppedEvent = (await listAlertEvents(db(), alertId)).find((e) => e.action === 'escalation_stopped')!;
    expect(stoppedEvent.data).toMatchObject({ reason: 'acknowledged', timeToAcknowledgeSeconds: expect.any(Number) });

    expect(await listNotifications(db(), { alert_id: ignored })).toEqual([]);
    const report = await timeToAcknowledgeReport(db(), new Date(committed - 60_000));
    expect(report.find((r) => r.severity === 'critical')).toMatchObject({ alerts: 1, acknowledged: 1, unacknowledged: 0 });
    expect(report.find((r) => r.severity === 'high')).toMatchObject({ alerts: 1, acknowledged: 0, unacknowledged: 1 });
  });

  it('escalation timers live in Postgres: a scheduler started later fires what fell due while none ran', async () => {
    await scheduler.close();
    const alertId = await commitAlert(db(), t.runtime.config.current.config.routes.routes, { severity: 'critical', placeId: 'town-b' });
    await new Promise((r) => setTimeout(r, 1_200));
    const before = receiver.at('/duty').length;
    const { runtime } = t;
    scheduler = startNotifyScheduler({
      db: runtime.database.db,
      queues: runtime.queues,
      logger: runtime.logger,
      routes: () => runtime.config.current.config.routes,
      publicUrl: 'http://placewatch.test',
    });
    await waitFor(() => receiver.at('/duty').length > before, 5_000, 'overdue tier 1');
    const last = JSON.parse(receiver.at('/duty').at(-1)!.body) as { data: { alertId: string } };
    expect(last.data.alertId).toBe(alertId);
    await updateAlert(db(), alertId, { status: 'acknowledged', acknowledged_at: new Date() });
  });
});
