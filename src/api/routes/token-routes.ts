import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { announceRevocation, createApiToken, findApiToken, listApiTokens, revokeApiToken } from '../../auth/index.js';
import { roleCan } from '../../users/index.js';
import { ApiError } from '../api-error.js';
import type { ApiDeps } from '../api-deps.js';
import { authErrors } from '../schemas/common-schemas.js';

const own = { auth: { permission: 'tokens:own' as const } };
const tokenParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

const tokenSchema = z.object({
  id: z.number(),
  user_id: z.number(),
  user_email: z.string(),
  label: z.string(),
  prefix: z.string().describe('First characters of the token, to recognise it'),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});

/**
 * API tokens for integrations (hashed at rest): everyone lists, creates and revokes their own;
 * admins (`tokens:all`) list and revoke anyone's. The token itself is shown once, at creation.
 */
export const tokenRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const db = deps.runtime.database.db;

  app.get(
    '/api/tokens',
    {
      config: own,
      schema: {
        tags: ['tokens'],
        description: "Your API tokens, revoked ones included; `all=true` (admins) lists everyone's. Never the token itself.",
        querystring: z.object({ all: z.enum(['true', 'false']).default('false') }).strict(),
        response: { 200: z.object({ tokens: z.array(tokenSchema) }), ...authErrors },
      },
    },
    async (request) => {
      const user = request.principal!.user;
      if (request.query.all === 'true' && !roleCan(user.role, 'tokens:all'))
        throw new ApiError('FORBIDDEN', `your role (${user.role}) may list only your own tokens`);
      return { tokens: await listApiTokens(db, request.query.all === 'true' ? {} : { userId: user.id }) };
    },
  );

  app.post(
    '/api/tokens',
    {
      config: own,
      schema: {
        tags: ['tokens'],
        description: 'Create an API token for yourself; `token` is returned this once. Needs a signed-in session, not a token.',
        body: z.object({ label: z.string().trim().min(1).max(100) }).strict(),
        response: { 201: z.object({ token: z.string(), api_token: tokenSchema }), ...authErrors },
      },
    },
    async (request, reply) => {
      const principal = request.principal!;
      // A leaked token must not be able to mint its own replacements and outlive its revocation.
      if (principal.via === 'token') throw new ApiError('FORBIDDEN', 'API tokens cannot create API tokens; sign in to create one');
      const created = await createApiToken(db, principal.user.email, { name: request.body.label, actor: principal.user.email });
      return reply.code(201).send({ token: created.token, api_token: (await findApiToken(db, created.id))! });
    },
  );

  app.post(
    '/api/tokens/:id/revoke',
    {
      config: own,
      schema: {
        tags: ['tokens'],
        description: "Revoke a token now (its next request gets 401). Your own, or anyone's for admins.",
        params: tokenParams,
        body: z.object({}).optional(),
        response: { 200: z.object({ api_token: tokenSchema }), ...authErrors },
      },
    },
    async (request) => {
      const user = request.principal!.user;
      const scope = roleCan(user.role, 'tokens:all') ? {} : { ownerUserId: user.id };
      const revoked = await revokeApiToken(db, request.params.id, { actor: user.email, ...scope });
      await announceRevocation(deps.runtime.redis, deps.runtime.queuePrefix, revoked.user_id);
      return { api_token: revoked };
    },
  );
};
