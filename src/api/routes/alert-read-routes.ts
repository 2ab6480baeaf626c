import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { countAlertsByStatus, findAlert, inScope, listAlertEvents, queryAlerts } from '../../alerts/index.js';
import { loadAlertDetail } from '../alert-detail.js';
import { ApiError } from '../api-error.js';
import type { ApiDeps } from '../api-deps.js';
import { actorOf, toAlertQuery } from '../alert-access.js';
import { toAlertView, toEventView } from '../alert-view.js';
import { alertCountsSchema, alertDetailSchema, alertEventSchema, alertListSchema, alertQuerySchema } from '../schemas/alert-schemas.js';
import { authErrors, idParams } from '../schemas/common-schemas.js';

const read = { auth: { permission: 'alerts:read' as const } };

/** The triage queue (list, counts), an alert's detail with evidence, and its audit trail. */
export const alertReadRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const db = deps.runtime.database.db;

  app.get(
    '/api/alerts',
    {
      config: read,
      schema: {
        tags: ['alerts'],
        description: 'Alerts, most severe then most recent first; officers see their places only.',
        querystring: alertQuerySchema,
        response: { 200: alertListSchema, ...authErrors },
      },
    },
    async (request) => {
      const page = await queryAlerts(db, toAlertQuery(request.query, request), actorOf(request).scope);
      return { items: page.items.map(toAlertView), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/alerts/counts',
    {
      config: read,
      schema: {
        tags: ['alerts'],
        description: 'Alerts per status under the same filters (status ignored).',
        querystring: alertQuerySchema,
        response: { 200: alertCountsSchema, ...authErrors },
      },
    },
    async (request) => {
      const counts = await countAlertsByStatus(db, toAlertQuery(request.query, request), actorOf(request).scope);
      return { counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
    },
  );

  app.get(
    '/api/alerts/:id',
    {
      config: read,
      schema: { tags: ['alerts'], params: idParams, response: { 200: alertDetailSchema, ...authErrors } },
    },
    async (request) => loadAlertDetail(db, request.params.id, actorOf(request).scope),
  );

  app.get(
    '/api/alerts/:id/events',
    {
      config: read,
      schema: {
        tags: ['alerts'],
        description: 'The append-only audit trail, oldest first.',
        params: idParams,
        response: { 200: z.object({ events: z.array(alertEventSchema) }), ...authErrors },
      },
    },
    async (request) => {
      const alert = await findAlert(db, request.params.id);
      if (!alert || !inScope(alert, actorOf(request).scope)) throw new ApiError('ALERT_NOT_FOUND', `no alert ${request.params.id}`);
      return { events: (await listAlertEvents(db, alert.id)).map(toEventView) };
    },
  );
};
