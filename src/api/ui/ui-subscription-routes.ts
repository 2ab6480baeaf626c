import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import {
  actorOf,
  createSubscriptionAs,
  deleteSubscriptionAs,
  listNotifications,
  rotateSubscriptionSecretAs,
  subscriptionsOf,
  timeToAcknowledgeReport,
} from '../../notify/index.js';
import { listUsers } from '../../users/index.js';
import { isPlacewatchError } from '../../errors.js';
import { httpAnswerOf } from '../error-status.js';
import type { ApiDeps } from '../api-deps.js';
import type { Principal } from '../auth/principal.js';
import { retryAsPrincipal } from '../routes/notification-routes.js';
import { subscriptionContext } from '../routes/subscription-routes.js';
import { idParams } from '../schemas/common-schemas.js';
import { notificationsPage } from './pages/notifications-page.js';
import { subscriptionsPage } from './pages/subscriptions-page.js';

const own = { auth: { permission: 'subscriptions:own' as const, ui: true } };
const operators = { auth: { permission: 'notifications:manage' as const, ui: true } };
const csrfOnly = z.object({ _csrf: z.string().max(100).optional() });
const formBody = z.record(z.string(), z.union([z.string().max(2000), z.array(z.string().max(200)).max(500)]));

/** The subscriptions page (every role; officers see their own) and the operators' notifications page. */
export const uiSubscriptionRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const db = deps.runtime.database.db;

  /** Renders the page; the secret (create/rotate) is shown once, so the answer must never be cached. */
  const sendPage = async (
    reply: FastifyReply,
    principal: Principal,
    extra: { error?: string; secret?: { name: string; value: string } } = {},
    status = 200,
  ) => {
    const manageAll = actorOf(principal.user).manageAll;
    const allPlaces = deps.runtime.config.current.config.places.places.map((p) => ({ id: p.id, name: p.name }));
    const page = subscriptionsPage(principal, {
      subscriptions: await subscriptionsOf(subscriptionContext(deps), principal.user),
      places: principal.user.role === 'officer' ? allPlaces.filter((p) => principal.user.places.includes(p.id)) : allPlaces,
      allPlaces: principal.user.role !== 'officer',
      owners: manageAll ? new Map((await listUsers(db)).map((u) => [u.id, u.email])) : null,
      ...extra,
    });
    return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);
  };
  /** Shows a refused form's reason on the page instead of a bare error page. */
  const orPageError = async (reply: FastifyReply, principal: Principal, work: () => Promise<FastifyReply>) => {
    try {
      return await work();
    } catch (error) {
      const status = isPlacewatchError(error) ? httpAnswerOf(error.code).status : 500;
      if (isPlacewatchError(error) && status < 500 && status !== 404) return sendPage(reply, principal, { error: error.message }, status);
      throw error;
    }
  };

  app.get('/subscriptions', { config: own, schema: { hide: true } }, async (request, reply) => sendPage(reply, request.principal!));

  app.post('/subscriptions', { config: own, schema: { hide: true, body: formBody } }, async (request, reply) =>
    orPageError(reply, request.principal!, async () => {
      const created = await createSubscriptionAs(subscriptionContext(deps), request.principal!.user, subscriptionFromForm(request.body));
      // Post/redirect/get, except when there is a secret to show this once.
      if (!created.secret) return reply.redirect('/subscriptions', 303);
      return sendPage(reply, request.principal!, { secret: { name: created.subscription.name, value: created.secret } });
    }),
  );

  app.post('/subscriptions/:id/rotate', { config: own, schema: { hide: true, params: idParams, body: csrfOnly } }, async (request, reply) =>
    orPageError(reply, request.principal!, async () => {
      const principal = request.principal!;
      const name = (await subscriptionsOf(subscriptionContext(deps), principal.user)).find((s) => s.id === request.params.id)?.name ?? request.params.id;
      const rotated = await rotateSubscriptionSecretAs(subscriptionContext(deps), principal.user, request.params.id);
      return sendPage(reply, principal, { secret: { name, value: rotated.secret } });
    }),
  );

  app.post('/subscriptions/:id/delete', { config: own, schema: { hide: true, params: idParams, body: csrfOnly } }, async (request, reply) => {
    await deleteSubscriptionAs(subscriptionContext(deps), request.principal!.user, request.params.id);
    return reply.redirect('/subscriptions', 303);
  });

  app.get(
    '/notifications',
    {
      config: operators,
      schema: {
        hide: true,
        querystring: z.object({
          retried: z
            .string()
            .regex(/^\d{1,19}$/)
            .optional(),
        }),
      },
    },
    async (request, reply) => {
      const [dead, pending, delivered, ack] = await Promise.all([
        listNotifications(db, { status: 'dead', limit: 200 }),
        listNotifications(db, { status: 'pending', limit: 100 }),
        listNotifications(db, { status: 'delivered', limit: 50 }),
        timeToAcknowledgeReport(db, new Date(Date.now() - 30 * 86_400_000)),
      ]);
      const flash = request.query.retried ? `Notification ${request.query.retried} is queued for delivery again.` : undefined;
      return reply.type('text/html; charset=utf-8').send(notificationsPage(request.principal!, { dead, pending, delivered, ack, flash }));
    },
  );

  app.post('/notifications/:id/retry', { config: operators, schema: { hide: true, params: idParams, body: csrfOnly } }, async (request, reply) => {
    await retryAsPrincipal(deps, request.principal!, request.params.id);
    return reply.redirect(`/notifications?retried=${request.params.id}`, 303);
  });
};

/** The HTML form as the API's create body: empty fields dropped, one or many places. */
function subscriptionFromForm(form: Record<string, string | string[]>) {
  const text = (key: string) => {
    const value = form[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const places = form.places === undefined ? [] : ([] as string[]).concat(form.places).filter(Boolean);
  return {
    name: text('name') ?? '',
    places: places.includes('all') ? ('all' as const) : places,
    min_severity: text('min_severity') as never,
    channel: (text('channel') ?? 'log') as never,
    target: text('target'),
    detail: text('detail') as never,
    language: text('language') as never,
  };
}
