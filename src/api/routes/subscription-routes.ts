import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createSubscriptionAs,
  deleteSubscriptionAs,
  findSubscriptionAs,
  rotateSubscriptionSecretAs,
  subscriptionInputSchema,
  subscriptionPatchSchema,
  subscriptionsOf,
  subscriptionViewSchema,
  updateSubscriptionAs,
  type SubscriptionContext,
} from '../../notify/index.js';
import type { ApiDeps } from '../api-deps.js';
import { authErrors, idParams } from '../schemas/common-schemas.js';

const own = { auth: { permission: 'subscriptions:own' as const } };
const oneSubscription = z.object({ subscription: subscriptionViewSchema });
const withSecret = z.object({
  subscription: subscriptionViewSchema,
  secret: z.string().nullable().describe('The signing secret, shown this once (webhooks only).'),
});

/**
 * Subscriptions managed through the API: every signed-in role manages their own (officers only for
 * their assigned places); operators and admins (`subscriptions:all`) manage everyone's.
 */
export const subscriptionRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  app.get(
    '/api/subscriptions',
    {
      config: own,
      schema: {
        tags: ['subscriptions'],
        description: "Your subscriptions (everyone's for operators and admins). Secrets are never returned.",
        response: { 200: z.object({ subscriptions: z.array(subscriptionViewSchema) }), ...authErrors },
      },
    },
    async (request) => ({ subscriptions: await subscriptionsOf(subscriptionContext(deps), request.principal!.user) }),
  );

  app.post(
    '/api/subscriptions',
    {
      config: own,
      schema: {
        tags: ['subscriptions'],
        description: "Create a subscription; a webhook's signing secret is returned once, here.",
        body: subscriptionInputSchema,
        response: { 201: withSecret, ...authErrors },
      },
    },
    async (request, reply) => reply.code(201).send(await createSubscriptionAs(subscriptionContext(deps), request.principal!.user, request.body)),
  );

  app.get(
    '/api/subscriptions/:id',
    {
      config: own,
      schema: { tags: ['subscriptions'], params: idParams, response: { 200: oneSubscription, ...authErrors } },
    },
    async (request) => ({ subscription: await findSubscriptionAs(subscriptionContext(deps), request.principal!.user, request.params.id) }),
  );

  app.patch(
    '/api/subscriptions/:id',
    {
      config: own,
      schema: {
        tags: ['subscriptions'],
        description: 'Change some fields; channel and target are checked together.',
        params: idParams,
        body: subscriptionPatchSchema,
        response: { 200: oneSubscription, ...authErrors },
      },
    },
    async (request) => ({ subscription: await updateSubscriptionAs(subscriptionContext(deps), request.principal!.user, request.params.id, request.body) }),
  );

  app.delete(
    '/api/subscriptions/:id',
    {
      config: own,
      schema: {
        tags: ['subscriptions'],
        description: 'Delete a subscription; its past notifications stay for the record. Returns what was deleted.',
        params: idParams,
        response: { 200: oneSubscription, ...authErrors },
      },
    },
    async (request) => ({ subscription: await deleteSubscriptionAs(subscriptionContext(deps), request.principal!.user, request.params.id) }),
  );

  app.post(
    '/api/subscriptions/:id/rotate-secret',
    {
      config: own,
      schema: {
        tags: ['subscriptions'],
        description: 'New signing secret (returned once); the old one keeps signing beside it until previous_secret_valid_until.',
        params: idParams,
        body: z.object({}).optional(),
        response: { 200: z.object({ secret: z.string(), previous_secret_valid_until: z.string().nullable() }), ...authErrors },
      },
    },
    async (request) => rotateSubscriptionSecretAs(subscriptionContext(deps), request.principal!.user, request.params.id),
  );
};

/** The deployment's subscription context: its database, the secret key's environment and the known places. */
export function subscriptionContext(deps: ApiDeps): SubscriptionContext {
  // The encryption key is read from the process environment, like feed credentials (runtime.env holds only parsed settings).
  return { db: deps.runtime.database.db, env: process.env, knownPlaces: new Set(deps.runtime.config.current.config.places.places.map((p) => p.id)) };
}
