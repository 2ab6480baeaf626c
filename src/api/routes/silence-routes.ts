import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createSilence, listSilences, stopSilence, type SilenceRow } from '../../alerts/index.js';
import type { ApiDeps } from '../api-deps.js';
import { authErrors, idParams } from '../schemas/common-schemas.js';

const silenceSchema = z.object({
  id: z.string(),
  kind: z.string(),
  place: z.string().nullable(),
  phrase: z.string().nullable(),
  reason: z.string(),
  owner: z.string(),
  created_by: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
  ended_at: z.string().nullable(),
  ended_by: z.string().nullable(),
});

/** Body of a new silence: what (place or phrase), why, who owns it, and until when (all required). */
export const newSilenceSchema = z
  .object({
    kind: z.enum(['place', 'phrase']),
    place: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/)
      .optional(),
    phrase: z.string().trim().min(2).max(200).optional(),
    reason: z.string().trim().min(3).max(1000),
    owner: z.string().trim().min(3).max(320),
    expires_at: z.iso.datetime({ offset: true }).optional(),
    duration_minutes: z.coerce
      .number()
      .int()
      .min(1)
      .max(30 * 24 * 60)
      .optional(),
  })
  .refine((s) => (s.kind === 'place' ? !!s.place : !!s.phrase), { message: 'a place silence needs place, a phrase silence needs phrase' })
  .refine((s) => !!s.expires_at !== (s.duration_minutes !== undefined), { message: 'give exactly one of expires_at or duration_minutes' });

/** Silences: hide alerts of a place, or with a phrase, for a while; they show again when it ends. */
export const silenceRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const db = deps.runtime.database.db;
  const manage = { auth: { permission: 'silences:manage' as const } };

  app.get(
    '/api/silences',
    {
      config: manage,
      schema: {
        tags: ['silences'],
        querystring: z.object({ all: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.object({ silences: z.array(silenceSchema) }), ...authErrors },
      },
    },
    async (request) => ({ silences: (await listSilences(db, { includeEnded: request.query.all === 'true' })).map(toSilenceView) }),
  );

  app.post(
    '/api/silences',
    {
      config: manage,
      schema: { tags: ['silences'], body: newSilenceSchema, response: { 200: z.object({ silence: silenceSchema }), ...authErrors } },
    },
    async (request) => {
      const body = request.body;
      const expiresAt = body.expires_at ? new Date(body.expires_at) : new Date(Date.now() + body.duration_minutes! * 60_000);
      const row = await createSilence(db, {
        kind: body.kind,
        placeId: body.place ?? null,
        phrase: body.phrase ?? null,
        reason: body.reason,
        owner: body.owner,
        createdBy: request.principal!.user.email,
        expiresAt,
      });
      await deps.hub.announceSilence(row.id);
      return { silence: toSilenceView(row) };
    },
  );

  app.post(
    '/api/silences/:id/end',
    {
      config: manage,
      schema: {
        tags: ['silences'],
        description: 'End a silence now; its alerts show again.',
        params: idParams,
        response: { 200: z.object({ silence: silenceSchema }), ...authErrors },
      },
    },
    async (request) => {
      const row = await stopSilence(db, request.params.id, request.principal!.user.email);
      await deps.hub.announceSilence(row.id);
      return { silence: toSilenceView(row) };
    },
  );
};

function toSilenceView(row: SilenceRow): z.infer<typeof silenceSchema> {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: row.id,
    kind: row.kind,
    place: row.place_id,
    phrase: row.phrase,
    reason: row.reason,
    owner: row.owner,
    created_by: row.created_by,
    created_at: iso(row.created_at)!,
    expires_at: iso(row.expires_at)!,
    ended_at: iso(row.ended_at),
    ended_by: row.ended_by,
  };
}
