import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import { listAlertEvents } from '../../../src/alert-events/index.js';
import { routeSchema } from '../../../src/config/schema/routes.js';
import { enqueueNotifications } from '../../../src/notify/index.js';
import { findNotificationRow, markFailed, recordAttempt } from '../../../src/notify/notification-repository.js';
import { subscriptionFromRoute } from '../../../src/notify/subscription.js';
import { listAudit } from '../../../src/users/index.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';
import { login, seedAlert, seedUsers, type SeededUser, type Session } from './api-fixtures.js';
import { openApiTestRuntime } from './api-runtime.js';

type Role = SeededUser['role'];
let t: TestRuntime;
let app: FastifyInstance;
let users: Awaited<ReturnType<typeof seedUsers>>;
const sessions: Partial<Record<Role, Session>> = {};

const call = (role: Role, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
  app.inject({ method, url, headers: { cookie: sessions[role]!.cookie, 'x-csrf-token': sessions[role]!.csrf }, ...(payload ? { payload } : {}) });

const hook = subscriptionFromRoute(
  routeSchema.parse({ name: 'partner-hook', channel: 'webhook', target: 'https://partner.example.org/hook', secret_env: 'PLACEWATCH_SECRET_TEST_HOOK' }),
);

/** Writes an outbox row through the notify repository and lets it die as the notifier would. */
async function deadLetter(): Promise<{ id: string; alertId: string }> {
  const db = t.runtime.database.db;
  const { alertId } = await seedAlert(db);
  await enqueueNotifications(db, [{ subscription: hook, digest: false }], { alertId, change: 'opened', sequence: '1', payload: { alert: alertId } });
  const row = await db.selectFrom('notifications').select('id').where('alert_id', '=', alertId).executeTakeFirstOrThrow();
  for (const attempt of [1, 2]) {
    await recordAttempt(db, {
      notificationId: row.id,
      attempt,
      outcome: attempt === 2 ? 'dead' : 'failed',
      statusCode: 503,
      error: 'HTTP 503 from receiver',
      retryAfterMs: null,
      durationMs: 12,
    });
  }
  await markFailed(db, row.id, { attempts: 2, dead: true, error: 'HTTP 503 from receiver', nextAttemptAt: new Date() });
  return { id: row.id, alertId };
}

beforeAll(async () => {
  t = await openApiTestRuntime('apinotif');
  app = await buildApiServer(t.runtime, { loginRateLimit: { max: 1000, timeWindow: 60_000 } });
  users = await seedUsers(t.runtime.database.db);
  for (const role of ['officer', 'reviewer', 'operator'] as const) sessions[role] = await login(app, users[role]);
});

afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

describe('notifications API', () => {
  it('an operator sees a dead letter with its attempts and retries it; the retry is audited and on the alert trail', async () => {
    const { id, alertId } = await deadLetter();
    const dead = await call('operator', 'GET', '/api/notifications?status=dead');
    expect(dead.statusCode).toBe(200);
    const listed = (dead.json() as { notifications: Array<{ id: string; status: string }> }).notifications;
    expect(listed).toEqual([expect.objectContaining({ id, status: 'dead', route: 'partner-hook', last_error: 'HTTP 503 from receiver' })]);
    expect(dead.body).not.toContain('partner.example.org');

    const shown = await call('operator', 'GET', `/api/notifications/${id}`);
    expect(shown.json()).toMatchObject({
      notification: {
        id,
        delivery_attempts: [
          { attempt: 1, outcome: 'failed', status_code: 503 },
          { attempt: 2, outcome: 'dead' },
        ],
      },
    });

    const retried = await call('operator', 'POST', `/api/notifications/${id}/retry`, {});
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ notification: { id, status: 'pending', attempts: 0 } });
    expect((await findNotificationRow(t.runtime.database.db, id))!.status).toBe('pending');
    expect((await call('operator', 'GET', '/api/notifications?status=dead')).json()).toEqual({ notifications: [] });
    expect((await call('operator', 'GET', '/api/notifications?status=pending')).json()).toMatchObject({ notifications: [{ id }] });

    // Only a dead letter can be retried.
    const twice = await call('operator', 'POST', `/api/notifications/${id}/retry`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ error: { code: 'INVALID_TRANSITION' } });
    expect((await call('operator', 'POST', '/api/notifications/999999/retry', {})).statusCode).toBe(404);

    const events = await listAlertEvents(t.runtime.database.db, alertId);
    expect(events.map((e) => e.action)).toContain('notification_retried');
    const audit = (await listAudit(t.runtime.database.db)).filter((e) => e.action === 'notification.retry' && e.subject_id === id);
    expect(audit).toEqual([
      expect.objectContaining({
        actor: users.operator.email,
        subject_type: 'notification',
        before: expect.objectContaining({ status: 'dead', attempts: 2 }),
        after: expect.objectContaining({ status: 'pending', attempts: 0 }),
      }),
    ]);
  });

  it('reviewers and officers may not read or retry notifications', async () => {
    const { id } = await deadLetter();
    for (const role of ['reviewer', 'officer'] as const) {
      expect((await call(role, 'GET', '/api/notifications?status=dead')).statusCode).toBe(403);
      expect((await call(role, 'GET', `/api/notifications/${id}`)).statusCode).toBe(403);
      const retry = await call(role, 'POST', `/api/notifications/${id}/retry`, {});
      expect(retry.statusCode).toBe(403);
      expect(retry.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    expect((await findNotificationRow(t.runtime.database.db, id))!.status).toBe('dead');
    expect((await call('operator', 'GET', '/api/notifications?status=bogus')).statusCode).toBe(400);
  });

  it('reports time to acknowledge to reviewers, per severity', async () => {
    const db = t.runtime.database.db;
    const { alertId } = await seedAlert(db, { severity: 'critical' });
    await db
      .updateTable('alerts')
      .set({ acknowledged_at: new Date(Date.now() + 90_000), status: 'acknowledged' })
      .where('id', '=', alertId)
      .execute();
    const report = await call('reviewer', 'GET', '/api/reports/acknowledgement?since=7d');
    expect(report.statusCode).toBe(200);
    const body = report.json() as { since: string; rows: Array<{ severity: string; acknowledged: number; p50_seconds: number }> };
    expect(new Date(body.since).getTime()).toBeLessThan(Date.now() - 6 * 86_400_000);
    expect(body.rows.find((r) => r.severity === 'critical')).toMatchObject({ acknowledged: 1 });
    expect(body.rows.find((r) => r.severity === 'critical')!.p50_seconds).toBeGreaterThanOrEqual(85);
    expect((await call('reviewer', 'GET', '/api/reports/acknowledgement?since=soon')).statusCode).toBe(400);
    expect((await call('officer', 'GET', '/api/reports/acknowledgement')).statusCode).toBe(403);
  });
});

describe('notifications page', () => {
  it('shows operators the dead letters with a Retry button that re-queues them', async () => {
    const { id } = await deadLetter();
    const page = await app.inject({ method: 'GET', url: '/notifications', headers: { cookie: sessions.operator!.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`action="/notifications/${id}/retry"`);
    expect(page.body).toContain('HTTP 503 from receiver');
    expect(page.body).not.toMatch(/<script>|style="/);

    const retried = await app.inject({
      method: 'POST',
      url: `/notifications/${id}/retry`,
      headers: { cookie: sessions.operator!.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: sessions.operator!.csrf }).toString(),
    });
    expect(retried.statusCode).toBe(303);
    expect(retried.headers.location).toBe(`/notifications?retried=${id}`);
    expect((await findNotificationRow(t.runtime.database.db, id))!.status).toBe('pending');

    const reviewerPage = await app.inject({ method: 'GET', url: '/notifications', headers: { cookie: sessions.reviewer!.cookie } });
    expect(reviewerPage.statusCode).toBe(403);
  });
});
