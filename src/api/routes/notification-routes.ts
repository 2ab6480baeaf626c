import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { durationSchema, durationToMs } from '../../config/index.js';
import {
  getNotification,
  listNotifications,
  notificationQuerySchema,
  notificationViewSchema,
  retryNotification,
  timeToAcknowledgeReport,
  type NotificationView,
} from '../../notify/index.js';
import { appendAudit } from '../../users/index.js';
import type { ApiDeps } from '../api-deps.js';
import type { Principal } from '../auth/principal.js';
import { authErrors, idParams } from '../schemas/common-schemas.js';

const operators = { auth: { permission: 'notifications:manage' as const } };
const reviewers = { auth: { permission: 'reports:read' as const } };

const attemptSchema = z.object({
  attempt: z.number(),
  outcome: z.string(),
  status_code: z.number().nullable(),
  error: z.string().nullable(),
  retry_after_ms: z.number().nullable(),
  duration_ms: z.number(),
  created_at: z.string(),
});

const ackRowSchema = z.object({
  severity: z.string(),
  alerts: z.number(),
  acknowledged: z.number(),
  p50_seconds: z.number().nullable(),
  p90_seconds: z.number().nullable(),
  max_seconds: z.number().nullable(),
  unacknowledged: z.number(),
  oldest_unacknowledged_seconds: z.number().nullable(),
});

/**
 * The notification outbox for operators (dead letters, pending, delivered; retry of a dead letter)
 * and the time-to-acknowledge report for reviewers and up.
 */
export const notificationRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const db = deps.runtime.database.db;

  app.get(
    '/api/notifications',
    {
      config: operators,
      schema: {
        tags: ['notifications'],
        description: 'Outbox rows, newest first; status=dead lists the dead letters. Targets and payloads are not shown.',
        querystring: notificationQuerySchema,
        response: { 200: z.object({ notifications: z.array(notificationViewSchema) }), ...authErrors },
      },
    },
    async (request) => ({ notifications: await listNotifications(db, request.query) }),
  );

  app.get(
    '/api/notifications/:id',
    {
      config: operators,
      schema: {
        tags: ['notifications'],
        description: 'One notification with every delivery attempt.',
        params: idParams,
        response: { 200: z.object({ notification: notificationViewSchema.extend({ delivery_attempts: z.array(attemptSchema) }) }), ...authErrors },
      },
    },
    async (request) => ({ notification: await getNotification(db, request.params.id) }),
  );

  app.post(
    '/api/notifications/:id/retry',
    {
      config: operators,
      schema: {
        tags: ['notifications'],
        description: 'Send a dead letter again: fresh attempt budget, same idempotency key. 409 unless it is dead.',
        params: idParams,
        body: z.object({}).optional(),
        response: { 200: z.object({ notification: notificationViewSchema }), ...authErrors },
      },
    },
    async (request) => ({ notification: await retryAsPrincipal(deps, request.principal!, request.params.id) }),
  );

  app.get(
    '/api/reports/acknowledgement',
    {
      config: reviewers,
      schema: {
        tags: ['notifications'],
        description: 'Time to acknowledge per severity, over alerts created within `since` (default 30d).',
        querystring: z.object({ since: durationSchema.default('30d') }).strict(),
        response: { 200: z.object({ since: z.string(), rows: z.array(ackRowSchema) }), ...authErrors },
      },
    },
    async (request) => {
      const since = new Date(Date.now() - durationToMs(request.query.since));
      return { since: since.toISOString(), rows: await timeToAcknowledgeReport(db, since) };
    },
  );
};

/**
 * Retries a dead letter for a signed-in operator and records it in the audit log (the alert's own
 * trail gets its event from the service). The audit is written after the retry's own transaction:
 * a crash between the two loses the audit line, never the retry.
 */
export async function retryAsPrincipal(deps: ApiDeps, principal: Principal, id: string): Promise<NotificationView> {
  const db = deps.runtime.database.db;
  const before = await getNotification(db, id);
  const after = await retryNotification(db, id, principal.user.email);
  const state = (n: NotificationView) => ({
    alert_id: n.alert_id,
    route: n.route,
    channel: n.channel,
    status: n.status,
    attempts: n.attempts,
    last_error: n.last_error,
  });
  await appendAudit(db, {
    actor: principal.user.email,
    action: 'notification.retry',
    subjectType: 'notification',
    subjectId: id,
    before: state(before),
    after: state(after),
  });
  return after;
}
