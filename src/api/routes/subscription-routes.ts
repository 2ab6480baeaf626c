import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import {
  createSubscription,
  deleteSubscription,
  listSubscriptions,
  rotateSubscriptionSecret,
  subscriptionInputSchema,
  subscriptionPatchSchema,
  subscriptionViewSchema,
  updateSubscription,
  type SubscriptionActor,
  type SubscriptionContext,
  type SubscriptionInput,
  type SubscriptionPatch,
  type SubscriptionView,
} from '../../notify/index.js';
import { appendAudit, findUserById, roleCan } from '../../users/index.js';
import { ApiError } from '../api-error.js';
import type { ApiDeps } from '../api-deps.js';
import type { Principal } from '../auth/principal.js';
import { authErrors, idParams } from '../schemas/common-schemas.js';

const own = { auth: { permission: 'subscriptions:own' as const } };
const oneSubscription = z.object({ subscription: subscriptionViewSchema });
const withSecret = z.object({ subscription: subscriptionViewSchema, secret: z.string().nullable().describe('The signing secret, shown this once (webhooks only).') });

/**
 * Subscriptions managed through the API: every signed-in role manages their own (officers only for
 * their assigned places); operators and admins (`subscriptions:all`) manage everyone's.
 */
export const subscriptionRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  app.get('/api/subscriptions', {
    config: own,
    schema: { tags: ['subscriptions'], description: 'Your subscriptions (everyone\'s for operators and admins). Secrets are never returned.', response: { 200: z.object({ subscriptions: z.array(subscriptionViewSchema) }), ...authErrors } },
  }, async (request) => ({ subscriptions: await listFor(deps, request.principal!) }));

  app.post('/api/subscriptions', {
    config: own,
    schema: { tags: ['subscriptions'], description: 'Create a subscription; a webhook\'s signing secret is returned once, here.', body: subscriptionInputSchema, response: { 201: withSecret, ...authErrors } },
  }, async (request, reply) => reply.code(201).send(await createFor(deps, request.principal!, request.body)));

  app.get('/api/subscriptions/:id', {
    config: own,
    schema: { tags: ['subscriptions'], params: idParams, response: { 200: oneSubscription, ...authErrors } },
  }, async (request) => ({ subscription: await findFor(deps, request.principal!, request.params.id) }));

  app.patch('/api/subscriptions/:id', {
    config: own,
    schema: { tags: ['subscriptions'], description: 'Change some fields; channel and target are checked together.', params: idParams, body: subscriptionPatchSchema, response: { 200: oneSubscription, ...authErrors } },
  }, async (request) => ({ subscription: await updateFor(deps, request.principal!, request.params.id, request.body) }));

  app.delete('/api/subscriptions/:id', {
    config: own,
    schema: { tags: ['subscriptions'], description: 'Delete a subscription; its past notifications stay for the record. Returns what was deleted.', params: idParams, response: { 200: oneSubscription, ...authErrors } },
  }, async (request) => ({ subscription: await deleteFor(deps, request.principal!, request.params.id) }));

  app.post('/api/subscriptions/:id/rotate-secret', {
    config: own,
    schema: {
      tags: ['subscriptions'],
      description: 'New signing secret (returned once); the old one keeps signing beside it until previous_secret_valid_until.',
      params: idParams,
      body: z.object({}).optional(),
      response: { 200: z.object({ secret: z.string(), previous_secret_valid_until: z.string().nullable() }), ...authErrors },
    },
  }, async (request) => rotateFor(deps, request.principal!, request.params.id));
};

/** Who the principal is to the subscription service. */
export function subscriptionActor(principal: Principal): SubscriptionActor {
  return { userId: principal.user.id, manageAll: roleCan(principal.user.role, 'subscriptions:all') };
}

function contextOf(deps: ApiDeps, db: Kysely<Database>): SubscriptionContext {
  // The encryption key is read from the process environment, like feed credentials (runtime.env holds only parsed settings).
  return { db, env: process.env, knownPlaces: new Set(deps.runtime.config.current.config.places.places.map((p) => p.id)) };
}

/** Subscriptions the principal may see. */
export async function listFor(deps: ApiDeps, principal: Principal): Promise<SubscriptionView[]> {
  return listSubscriptions(contextOf(deps, deps.runtime.database.db), subscriptionActor(principal));
}

/** One subscription the principal may manage; someone else's is "not found" to an officer. */
export async function findFor(deps: ApiDeps, principal: Principal, id: string): Promise<SubscriptionView> {
  const found = (await listFor(deps, principal)).find((s) => s.id === id);
  if (!found) throw new ApiError('NOT_FOUND', `no subscription ${id}`);
  return found;
}

/** Creates a subscription after the place check, with its audit entry in the same transaction. */
export async function createFor(deps: ApiDeps, principal: Principal, input: SubscriptionInput) {
  return asApiError(() =>
    deps.runtime.database.db.transaction().execute(async (tx) => {
      const value = subscriptionInputSchema.parse(input);
      await checkOwnerPlaces(tx, principal, value.owner_user_id ?? principal.user.id, value.places);
      const created = await createSubscription(contextOf(deps, tx), subscriptionActor(principal), input);
      await audit(tx, principal, 'subscription.create', created.subscription.id, null, created.subscription);
      return created;
    }));
}

/** Changes a subscription; new places are checked against its owner's assignment. */
export async function updateFor(deps: ApiDeps, principal: Principal, id: string, patch: SubscriptionPatch): Promise<SubscriptionView> {
  const before = await findFor(deps, principal, id);
  return asApiError(() =>
    deps.runtime.database.db.transaction().execute(async (tx) => {
      const places = subscriptionPatchSchema.parse(patch).places;
      if (places !== undefined && before.owner_user_id !== null) await checkOwnerPlaces(tx, principal, before.owner_user_id, places);
      const after = await updateSubscription(contextOf(deps, tx), subscriptionActor(principal), id, patch);
      await audit(tx, principal, 'subscription.update', id, before, after);
      return after;
    }));
}

export async function deleteFor(deps: ApiDeps, principal: Principal, id: string): Promise<SubscriptionView> {
  const before = await findFor(deps, principal, id);
  return asApiError(() =>
    deps.runtime.database.db.transaction().execute(async (tx) => {
      await deleteSubscription(contextOf(deps, tx), subscriptionActor(principal), id);
      await audit(tx, principal, 'subscription.delete', id, before, null);
      return before;
    }));
}

/** A new signing secret, returned once; the audit records that it happened, never the secret. */
export async function rotateFor(deps: ApiDeps, principal: Principal, id: string) {
  const before = await findFor(deps, principal, id);
  return asApiError(() =>
    deps.runtime.database.db.transaction().execute(async (tx) => {
      const rotated = await rotateSubscriptionSecret(contextOf(deps, tx), subscriptionActor(principal), id);
      const after = (await listSubscriptions(contextOf(deps, tx), subscriptionActor(principal))).find((s) => s.id === id) ?? null;
      await audit(tx, principal, 'subscription.rotate_secret', id, before, after);
      return rotated;
    }));
}

/**
 * Officers are told only about their assigned places, so a subscription owned by an officer may
 * name only those (never "all"), whoever creates it: an operator cannot widen what an officer hears.
 */
async function checkOwnerPlaces(db: Kysely<Database>, principal: Principal, ownerId: number, places: 'all' | readonly string[]): Promise<void> {
  const self = ownerId === principal.user.id;
  const owner = self ? { email: principal.user.email, role: principal.user.role, places: principal.user.places, disabled: false } : await findUserById(db, ownerId);
  if (!owner || owner.disabled) throw new ApiError('INPUT_INVALID', `owner_user_id: no active user ${ownerId}`);
  if (owner.role !== 'officer') return;
  const outside = places === 'all' ? ['all'] : places.filter((p) => !owner.places.includes(p));
  if (outside.length === 0) return;
  const message = places === 'all'
    ? `officers subscribe to their assigned places only: list them in "places" (${owner.places.join(', ') || 'none assigned'})`
    : `place "${outside[0]}" is not assigned to ${self ? 'you' : owner.email}`;
  throw self ? new ApiError('FORBIDDEN', message) : new ApiError('INPUT_INVALID', message);
}

async function audit(db: Kysely<Database>, principal: Principal, action: string, id: string, before: SubscriptionView | null, after: SubscriptionView | null): Promise<void> {
  await appendAudit(db, { actor: principal.user.email, action, subjectType: 'subscription', subjectId: id, before: before && auditView(before), after: after && auditView(after) });
}

/** A subscription for the audit log: no secret (the view has none) and no credential-bearing URL path. */
function auditView(view: SubscriptionView): Record<string, unknown> {
  return { ...view, target: redactTarget(view.target) };
}

/** Chat webhook URLs carry their credential in the path or query: the audit keeps the origin only. */
export function redactTarget(target: string | null): string | null {
  if (!target || !/^https?:\/\//i.test(target)) return target;
  try {
    return `${new URL(target).origin}/…`;
  } catch {
    return '(invalid URL)';
  }
}

/**
 * The service's own zod checks (unknown place, a target that does not suit the channel) as 400s;
 * its NotifyErrors answer through the one code → status table.
 */
export async function asApiError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toApiError(error);
  }
}

export function toApiError(error: unknown): unknown {
  if (error instanceof z.ZodError) {
    return new ApiError('INPUT_INVALID', error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  }
  return error;
}
