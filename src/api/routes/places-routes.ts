import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { languageSchema } from '../../config/index.js';
import { editVersion, type ConfigEdit } from '../../config-versions/index.js';
import type { ApiDeps } from '../api-deps.js';
import { authErrors } from '../schemas/common-schemas.js';

/** Documented loosely: the shapes are the config-versions module's own types. */
const okOrError = { 200: z.unknown(), 201: z.unknown(), ...authErrors };
import { baseVersion } from './config-feed-routes.js';
import { asConfigRequest } from './config-routes.js';

const operators = { auth: { permission: 'config:read' as const } };
const placeParams = z.object({ id: z.string().min(1).max(120) });
const draftFields = { base: z.number().int().min(1).optional(), comment: z.string().trim().max(1000).optional() };
const nameBody = z.object({
  ...draftFields,
  kind: z.enum(['aliases', 'demonyms']).default('aliases'),
  language: languageSchema,
  text: z.string().trim().min(1).max(120),
});

/**
 * Place editing (operators): each change is stored as a new draft version of `base` (default: the
 * active version), to be validated, backtested and activated like any other.
 */
export const placesRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const db = deps.runtime.database.db;
  const store = (request: { principal: { user: { email: string } } | null; body: { base?: number; comment?: string } }, edits: ConfigEdit[], what: string) =>
    asConfigRequest(async () =>
      editVersion(db, await baseVersion(db, request.body.base), edits, {
        author: request.principal!.user.email,
        comment: request.body.comment ?? what,
        source: 'api',
      }),
    );

  app.put(
    '/api/places/:id',
    {
      config: operators,
      schema: {
        tags: ['places'],
        description: 'Add or replace a place (names per language and script, demonyms, parent) in a new draft.',
        params: placeParams,
        body: z.object({ ...draftFields, place: z.record(z.string(), z.unknown()) }),
        response: okOrError,
      },
    },
    async (request, reply) => {
      const draft = await store(request, [{ op: 'place.upsert', place: { ...request.body.place, id: request.params.id } }], `place ${request.params.id}`);
      return reply.code(draft.created ? 201 : 200).send(draft);
    },
  );

  app.delete(
    '/api/places/:id',
    {
      config: operators,
      schema: { tags: ['places'], params: placeParams, body: z.object(draftFields).default({}), response: okOrError },
    },
    async (request, reply) => {
      const draft = await store(request, [{ op: 'place.remove', id: request.params.id }], `remove place ${request.params.id}`);
      return reply.code(draft.created ? 201 : 200).send(draft);
    },
  );

  app.post(
    '/api/places/:id/names',
    {
      config: operators,
      schema: {
        tags: ['places'],
        description: 'Add an alias or demonym in one language/script, in a new draft.',
        params: placeParams,
        body: nameBody,
        response: okOrError,
      },
    },
    async (request, reply) => {
      const { kind, language, text } = request.body;
      const draft = await store(
        request,
        [{ op: 'name.add', place: request.params.id, kind, language, text }],
        `${kind} ${language} "${text}" for ${request.params.id}`,
      );
      return reply.code(draft.created ? 201 : 200).send(draft);
    },
  );

  app.delete(
    '/api/places/:id/names',
    {
      config: operators,
      schema: { tags: ['places'], params: placeParams, body: nameBody, response: okOrError },
    },
    async (request, reply) => {
      const { kind, language, text } = request.body;
      const draft = await store(
        request,
        [{ op: 'name.remove', place: request.params.id, kind, language, text }],
        `remove ${kind} ${language} "${text}" from ${request.params.id}`,
      );
      return reply.code(draft.created ? 201 : 200).send(draft);
    },
  );
};
