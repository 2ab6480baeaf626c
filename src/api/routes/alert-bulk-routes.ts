import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { applyBulkAction, mergeAlerts, splitPost, STATUS_ACTIONS } from '../../alerts/index.js';
import { findUserByEmail } from '../../users/index.js';
import { ApiError } from '../api-error.js';
import { announceAlerts, type ApiDeps } from '../api-deps.js';
import { actorOf, campaignPolicy } from '../alert-access.js';
import { toAlertView } from '../alert-view.js';
import { alertActionResultSchema, alertViewSchema } from '../schemas/alert-schemas.js';
import { authErrors, idParams, noteField } from '../schemas/common-schemas.js';

const numericId = z.string().regex(/^\d{1,19}$/);
const triage = { auth: { permission: 'alerts:triage' as const } };

/** Actions on several alerts: merge two, split a post out, one action on a selection. */
export const alertBulkRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const db = deps.runtime.database.db;

  app.post(
    '/api/alerts/:id/merge',
    {
      config: triage,
      schema: {
        tags: ['alert actions'],
        description: 'Merge this alert into `into` (same place): evidence moves, this one is resolved and linked.',
        params: idParams,
        body: z.object({ into: numericId, note: noteField.optional() }),
        response: { 200: alertActionResultSchema, ...authErrors },
      },
    },
    async (request) => {
      const target = await mergeAlerts(db, {
        sourceId: request.params.id,
        targetId: request.body.into,
        actor: actorOf(request),
        campaign: campaignPolicy(deps),
        note: request.body.note,
      });
      await announceAlerts(deps, [request.params.id, target.id]);
      return { alert: toAlertView(target) };
    },
  );

  app.post(
    '/api/alerts/:id/split',
    {
      config: triage,
      schema: {
        tags: ['alert actions'],
        description: 'Move one evidence post out into a new alert linked to this one.',
        params: idParams,
        body: z.object({ post_id: numericId, note: noteField.optional() }),
        response: { 200: z.object({ alert: alertViewSchema, created: alertViewSchema }), ...authErrors },
      },
    },
    async (request) => {
      const { source, created } = await splitPost(db, {
        alertId: request.params.id,
        postId: request.body.post_id,
        actor: actorOf(request),
        campaign: campaignPolicy(deps),
        note: request.body.note,
      });
      await announceAlerts(deps, [source.id, created.id]);
      return { alert: toAlertView(source), created: toAlertView(created) };
    },
  );

  app.post(
    '/api/alerts/bulk',
    {
      config: triage,
      schema: {
        tags: ['alert actions'],
        description: 'One action on up to 200 alerts; each succeeds or fails on its own.',
        body: z.object({
          ids: z.array(numericId).min(1).max(200),
          action: z.enum([...STATUS_ACTIONS, 'assign']),
          assignee: z.string().trim().max(320).nullable().optional(),
          note: noteField.optional(),
        }),
        response: {
          200: z.object({ results: z.array(z.object({ id: z.string(), ok: z.boolean(), status: z.string().optional(), error: z.string().optional() })) }),
          ...authErrors,
        },
      },
    },
    async (request) => {
      const { ids, action, note } = request.body;
      let assignee: string | null = null;
      if (action === 'assign' && request.body.assignee) {
        const user = await findUserByEmail(db, request.body.assignee);
        if (!user || user.disabled) throw new ApiError('INPUT_INVALID', `no active user ${request.body.assignee}`);
        assignee = user.email;
      }
      const results = await applyBulkAction(db, { ids, action, actor: actorOf(request), note, assignee });
      await announceAlerts(
        deps,
        results.filter((r) => r.ok).map((r) => r.id),
      );
      return { results };
    },
  );
};
