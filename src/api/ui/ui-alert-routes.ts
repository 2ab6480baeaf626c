import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  addNote,
  applyBulkAction,
  applyStatusAction,
  assignAlert,
  countAlertsByStatus,
  listEvidenceTimes,
  mergeAlerts,
  queryAlerts,
  splitCluster,
  splitPost,
  STATUS_ACTIONS,
  TriageError,
  type StatusAction,
} from '../../alerts/index.js';
import { listSourceHealth } from '../../polling/index.js';
import { roleCan } from '../../users/index.js';
import { ApiError } from '../api-error.js';
import { announceAlerts, type ApiDeps } from '../api-deps.js';
import { actorOf, campaignPolicy, toAlertQuery } from '../alert-access.js';
import { loadAlertDetail } from '../alert-detail.js';
import { toAlertView } from '../alert-view.js';
import { scopeOf } from '../auth/principal.js';
import { alertQuerySchema } from '../schemas/alert-schemas.js';
import { idParams } from '../schemas/common-schemas.js';
import { detailPage } from './pages/detail-page.js';
import { queuePage, queueRows } from './pages/queue-page.js';
import { queuePreview } from './pages/queue-preview.js';
import { sourcesLine } from './pages/sources-line.js';
import { readQueueFilters } from './ui-queue.js';

const ui = (permission: 'alerts:read' | 'alerts:triage') => ({ auth: { permission, ui: true } });
const flashText = z
  .string()
  .max(40)
  .regex(/^[a-z_ ]*$/)
  .optional();

const actForm = z.object({
  _csrf: z.string().max(100).optional(),
  action: z.enum([...STATUS_ACTIONS, 'claim', 'note', 'merge', 'split']),
  note: z.string().trim().max(2000).optional(),
  into: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional(),
  post_id: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional(),
  /** Split every copy of one text (a near-duplicate cluster) instead of one post. */
  cluster_id: z.string().min(1).max(200).optional(),
});

/** The queue and detail pages, and the form posts behind their buttons (used when scripts are off). */
export const uiAlertRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const db = deps.runtime.database.db;

  app.get('/alerts', { config: ui('alerts:read'), schema: { hide: true, querystring: z.record(z.string(), z.unknown()) } }, async (request, reply) => {
    const { filters, query, apiQuery } = readQueueFilters(request);
    const scope = scopeOf(request.principal!);
    const alertQuery = toAlertQuery(query, request);
    const feeds = deps.runtime.config.current.config.feeds.feeds;
    const [page, counts, sources] = await Promise.all([
      queryAlerts(db, alertQuery, scope),
      countAlertsByStatus(db, alertQuery, scope),
      listSourceHealth(db, feeds),
    ]);
    const places = deps.runtime.config.current.config.places.places
      .filter((p) => p.monitored && (scope.places === null || scope.places.includes(p.id)))
      .map((p) => ({ id: p.id, name: p.name }));
    const flash =
      typeof (request.query as Record<string, unknown>).done === 'string' ? String((request.query as Record<string, unknown>).done).slice(0, 60) : undefined;
    const body = queuePage({
      principal: request.principal!,
      alerts: page.items.map(toAlertView),
      counts,
      nextCursor: page.nextCursor,
      filters,
      apiQuery,
      places,
      flash,
      sources: sourcesLine(sources, feeds.length),
    });
    return reply.type('text/html; charset=utf-8').send(body);
  });

  // The queue's rows as the page renders them, for app.js's live refresh. Not a UI route: a script
  // whose session ended gets 401 (and sends the person to the login page), not the login page's HTML.
  app.get(
    '/alerts/rows',
    { config: { auth: { permission: 'alerts:read' } }, schema: { hide: true, querystring: alertQuerySchema } },
    async (request, reply) => {
      const page = await queryAlerts(db, toAlertQuery(request.query, request), scopeOf(request.principal!));
      const canBulk = roleCan(request.principal!.user.role, 'alerts:triage');
      return reply.type('text/html; charset=utf-8').send(queueRows(page.items.map(toAlertView), canBulk).toString());
    },
  );

  // A queue row's expansion (o / Enter), for app.js; like /alerts/rows, a signed-out script gets 401.
  app.get('/alerts/:id/preview', { config: { auth: { permission: 'alerts:read' } }, schema: { hide: true, params: idParams } }, async (request, reply) => {
    const detail = await loadAlertDetail(db, request.params.id, scopeOf(request.principal!));
    return reply.type('text/html; charset=utf-8').send(queuePreview(detail).toString());
  });

  app.get(
    '/alerts/:id',
    { config: ui('alerts:read'), schema: { hide: true, params: idParams, querystring: z.object({ done: flashText, error: flashText }) } },
    async (request, reply) => {
      const detail = await loadAlertDetail(db, request.params.id, scopeOf(request.principal!));
      const times = await listEvidenceTimes(db, detail.alert.id);
      const flash = request.query.error
        ? `Not done: ${request.query.error.replace(/_/g, ' ').toLowerCase()}`
        : request.query.done
          ? `Done: ${request.query.done}`
          : undefined;
      return reply.type('text/html; charset=utf-8').send(detailPage(request.principal!, detail, { flash, times }));
    },
  );

  app.post('/alerts/:id/act', { config: ui('alerts:read'), schema: { hide: true, params: idParams, body: actForm } }, async (request, reply) => {
    const { id } = request.params;
    const form = request.body;
    const actor = actorOf(request);
    const role = request.principal!.user.role;
    const needs = form.action === 'acknowledge' ? 'alerts:acknowledge' : form.action === 'note' ? 'alerts:note' : 'alerts:triage';
    if (!roleCan(role, needs)) throw new ApiError('FORBIDDEN', `your role (${role}) may not do this`);
    let goTo = id;
    try {
      if (form.action === 'note') {
        if (!form.note) return reply.redirect(`/alerts/${id}?error=note_is_empty`, 303);
        await addNote(db, { alertId: id, actor, note: form.note });
      } else if (form.action === 'claim') {
        await assignAlert(db, { alertId: id, assignee: actor.email, actor, note: form.note || undefined });
      } else if (form.action === 'merge') {
        if (!form.into) return reply.redirect(`/alerts/${id}?error=invalid_request`, 303);
        goTo = (await mergeAlerts(db, { sourceId: id, targetId: form.into, actor, campaign: campaignPolicy(deps), note: form.note || undefined })).id;
      } else if (form.action === 'split') {
        const split = { alertId: id, actor, campaign: campaignPolicy(deps), note: form.note || undefined };
        if (form.cluster_id) goTo = (await splitCluster(db, { ...split, clusterId: form.cluster_id })).created.id;
        else if (form.post_id) goTo = (await splitPost(db, { ...split, postId: form.post_id })).created.id;
        else return reply.redirect(`/alerts/${id}?error=invalid_request`, 303);
      } else {
        await applyStatusAction(db, { alertId: id, action: form.action as StatusAction, actor, note: form.note || undefined });
      }
    } catch (error) {
      if (error instanceof TriageError && error.code !== 'ALERT_NOT_FOUND') return reply.redirect(`/alerts/${id}?error=${error.code.toLowerCase()}`, 303);
      throw error;
    }
    await announceAlerts(deps, [id, goTo]);
    return reply.redirect(`/alerts/${goTo}?done=${form.action.replace('_', ' ')}`, 303);
  });

  app.post(
    '/alerts/bulk',
    {
      config: ui('alerts:triage'),
      schema: {
        hide: true,
        body: z.object({
          _csrf: z.string().max(100).optional(),
          action: z.enum(STATUS_ACTIONS),
          ids: z.union([z.string(), z.array(z.string()).max(200)]).optional(),
        }),
      },
    },
    async (request, reply) => {
      const ids = [request.body.ids ?? []].flat().filter((id) => /^\d{1,19}$/.test(id));
      const results = await applyBulkAction(db, { ids, action: request.body.action, actor: actorOf(request) });
      const done = results.filter((r) => r.ok);
      await announceAlerts(
        deps,
        done.map((r) => r.id),
      );
      const skipped = results.length - done.length;
      return reply.redirect(`/alerts?done=${encodeURIComponent(`${done.length} updated${skipped ? `, ${skipped} skipped` : ''}`)}`, 303);
    },
  );
};
