import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createSilence, listSilences, stopSilence, TriageError } from '../../alerts/index.js';
import type { ApiDeps } from '../api-deps.js';
import { idParams } from '../schemas/common-schemas.js';
import { newSilenceSchema } from '../routes/silence-routes.js';
import { silencesPage } from './pages/silences-page.js';

const manage = { auth: { permission: 'silences:manage' as const, ui: true } };

/** The silences page and its forms. */
export const uiSilenceRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const db = deps.runtime.database.db;
  const places = () => deps.runtime.config.current.config.places.places.filter((p) => p.monitored).map((p) => ({ id: p.id, name: p.name }));

  app.get('/silences', { config: manage, schema: { hide: true } }, async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(silencesPage(request.principal!, await listSilences(db), places())),
  );

  app.post('/silences', { config: manage, schema: { hide: true, body: z.record(z.string(), z.unknown()) } }, async (request, reply) => {
    const form = Object.fromEntries(Object.entries(request.body).filter(([k, v]) => k !== '_csrf' && v !== ''));
    const parsed = newSilenceSchema.safeParse(form);
    const fail = async (message: string) =>
      reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send(silencesPage(request.principal!, await listSilences(db), places(), message));
    if (!parsed.success) return fail(parsed.error.issues.map((i) => i.message).join('; '));
    const body = parsed.data;
    try {
      const row = await createSilence(db, {
        kind: body.kind,
        placeId: body.place ?? null,
        phrase: body.phrase ?? null,
        reason: body.reason,
        owner: body.owner,
        createdBy: request.principal!.user.email,
        expiresAt: body.expires_at ? new Date(body.expires_at) : new Date(Date.now() + body.duration_minutes! * 60_000),
      });
      await deps.hub.announceSilence(row.id);
    } catch (error) {
      if (error instanceof TriageError) return fail(error.message);
      throw error;
    }
    return reply.redirect('/silences', 303);
  });

  app.post(
    '/silences/:id/end',
    { config: manage, schema: { hide: true, params: idParams, body: z.object({ _csrf: z.string().max(100).optional() }) } },
    async (request, reply) => {
      const row = await stopSilence(db, request.params.id, request.principal!.user.email);
      await deps.hub.announceSilence(row.id);
      return reply.redirect('/silences', 303);
    },
  );
};
