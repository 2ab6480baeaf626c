import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { addNote, applyStatusAction, assignAlert, type StatusAction } from '../../alerts/index.js';
import type { Permission } from '../../users/index.js';
import { findUserByEmail } from '../../users/index.js';
import { ApiError } from '../api-error.js';
import { announceAlerts, type ApiDeps } from '../api-deps.js';
import { actorOf } from '../alert-access.js';
import { toAlertView } from '../alert-view.js';
import { alertActionResultSchema } from '../schemas/alert-schemas.js';
import { actionBody, authErrors, idParams, noteField } from '../schemas/common-schemas.js';

const STATUS_ROUTES: ReadonlyArray<{ path: string; action: StatusAction; permission: Permission; description: string }> = [
  { path: 'acknowledge', action: 'acknowledge', permission: 'alerts:acknowledge', description: 'Acknowledge (officers of the place, reviewers and up).' },
  { path: 'escalate', action: 'escalate', permission: 'alerts:triage', description: 'Escalate (reviewers and up).' },
  { path: 'resolve', action: 'resolve', permission: 'alerts:triage', description: 'Resolve (reviewers and up).' },
  { path: 'false-positive', action: 'false_positive', permission: 'alerts:triage', description: 'Mark as a false positive (reviewers and up).' },
  { path: 'reopen', action: 'reopen', permission: 'alerts:triage', description: 'Reopen a resolved or false-positive alert (reviewers and up).' },
];

/** One alert's actions: status changes, claim/assign, notes. Each is audited with before and after. */
export const alertActionRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const db = deps.runtime.database.db;
  const response = { 200: alertActionResultSchema, ...authErrors };

  for (const route of STATUS_ROUTES) {
    app.post(
      `/api/alerts/:id/${route.path}`,
      {
        config: { auth: { permission: route.permission } },
        schema: { tags: ['alert actions'], description: route.description, params: idParams, body: actionBody, response },
      },
      async (request) => {
        const alert = await applyStatusAction(db, { alertId: request.params.id, action: route.action, actor: actorOf(request), note: request.body?.note });
        await announceAlerts(deps, [alert.id]);
        return { alert: toAlertView(alert) };
      },
    );
  }

  app.post(
    '/api/alerts/:id/claim',
    {
      config: { auth: { permission: 'alerts:triage' } },
      schema: { tags: ['alert actions'], description: 'Assign the alert to yourself.', params: idParams, body: actionBody, response },
    },
    async (request) => {
      const actor = actorOf(request);
      const alert = await assignAlert(db, { alertId: request.params.id, assignee: actor.email, actor, note: request.body?.note });
      await announceAlerts(deps, [alert.id]);
      return { alert: toAlertView(alert) };
    },
  );

  app.post(
    '/api/alerts/:id/assign',
    {
      config: { auth: { permission: 'alerts:triage' } },
      schema: {
        tags: ['alert actions'],
        description: 'Assign to a user by email, or to nobody with null.',
        params: idParams,
        body: z.object({ assignee: z.string().trim().max(320).nullable(), note: noteField.optional() }),
        response,
      },
    },
    async (request) => {
      const { assignee } = request.body;
      const user = assignee ? await findUserByEmail(db, assignee) : undefined;
      if (assignee && (!user || user.disabled)) throw new ApiError('INPUT_INVALID', `no active user ${assignee}`);
      const alert = await assignAlert(db, { alertId: request.params.id, assignee: user?.email ?? null, actor: actorOf(request), note: request.body.note });
      await announceAlerts(deps, [alert.id]);
      return { alert: toAlertView(alert) };
    },
  );

  app.post(
    '/api/alerts/:id/notes',
    {
      config: { auth: { permission: 'alerts:note' } },
      schema: { tags: ['alert actions'], description: 'Add a note to the audit trail.', params: idParams, body: z.object({ note: noteField }), response },
    },
    async (request) => {
      const alert = await addNote(db, { alertId: request.params.id, actor: actorOf(request), note: request.body.note });
      await announceAlerts(deps, [alert.id]);
      return { alert: toAlertView(alert) };
    },
  );
};
