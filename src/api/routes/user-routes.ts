import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { addUser, disableUser, findUserById, listAudit, listUsers, resetUser, toPublicUser, USER_ROLES } from '../../users/index.js';
import { announceRevocation } from '../../auth/index.js';
import { ApiError } from '../api-error.js';
import type { ApiDeps } from '../api-deps.js';
import { authErrors } from '../schemas/common-schemas.js';

const userSchema = z.object({
  id: z.number(),
  email: z.string(),
  role: z.string(),
  places: z.array(z.string()),
  disabled: z.boolean(),
  totpEnabled: z.boolean(),
});
const userParams = z.object({ id: z.coerce.number().int().positive() });
const admin = { auth: { permission: 'users:manage' as const } };

/** User administration (admins): list, add (password shown once), disable, reset; the audit log. */
export const userRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const db = deps.runtime.database.db;
  const view = (u: ReturnType<typeof toPublicUser>) => ({ ...u, places: [...u.places] });

  app.get(
    '/api/users',
    {
      config: admin,
      schema: { tags: ['users'], response: { 200: z.object({ users: z.array(userSchema) }), ...authErrors } },
    },
    async () => ({ users: (await listUsers(db)).map((u) => view(toPublicUser(u))) }),
  );

  app.post(
    '/api/users',
    {
      config: admin,
      schema: {
        tags: ['users'],
        body: z.object({ email: z.string().trim().max(320), role: z.enum(USER_ROLES), places: z.array(z.string().max(64)).max(200).default([]) }),
        response: { 200: z.object({ user: userSchema, password: z.string() }), ...authErrors },
      },
    },
    async (request) => {
      const { user, generatedPassword } = await addUser(db, { ...request.body, actor: request.principal!.user.email });
      return { user: view(user), password: generatedPassword! };
    },
  );

  app.post(
    '/api/users/:id/disable',
    {
      config: admin,
      schema: { tags: ['users'], params: userParams, response: { 200: z.object({ user: userSchema }), ...authErrors } },
    },
    async (request) => {
      const target = await findUserById(db, request.params.id);
      if (!target) throw new ApiError('NOT_FOUND', `no user ${request.params.id}`);
      if (target.id === request.principal!.user.id) throw new ApiError('INVALID_REQUEST', 'you cannot disable yourself');
      const user = await disableUser(db, target.email, request.principal!.user.email);
      await announceRevocation(deps.runtime.redis, deps.runtime.queuePrefix, user.id);
      return { user: view(user) };
    },
  );

  app.post(
    '/api/users/:id/reset',
    {
      config: admin,
      schema: {
        tags: ['users'],
        description: 'New generated password (shown once), second factor cleared, sessions ended and API tokens revoked.',
        params: userParams,
        response: { 200: z.object({ user: userSchema, password: z.string() }), ...authErrors },
      },
    },
    async (request) => {
      const target = await findUserById(db, request.params.id);
      if (!target) throw new ApiError('NOT_FOUND', `no user ${request.params.id}`);
      const { user, password } = await resetUser(db, target.email, request.principal!.user.email);
      await announceRevocation(deps.runtime.redis, deps.runtime.queuePrefix, user.id);
      return { user: view(user), password };
    },
  );

  app.get(
    '/api/audit',
    {
      config: admin,
      schema: {
        tags: ['users'],
        description: 'Audit log of user, token and silence actions, newest first.',
        response: {
          200: z.object({
            entries: z.array(
              z.object({
                id: z.string(),
                actor: z.string(),
                action: z.string(),
                subject_type: z.string(),
                subject_id: z.string(),
                before: z.unknown(),
                after: z.unknown(),
                created_at: z.string(),
              }),
            ),
          }),
          ...authErrors,
        },
      },
    },
    async () => ({ entries: (await listAudit(db)).map((e) => ({ ...e, created_at: new Date(e.created_at).toISOString() })) }),
  );
};
