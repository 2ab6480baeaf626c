import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/index.js';
import { PlacewatchError } from '../errors.js';
import { appendAudit, findUserById, roleCan, type UserRole } from '../users/index.js';
import { NotifyError } from '../channels/index.js';
import {
  createSubscription,
  deleteSubscription,
  listSubscriptions,
  rotateSubscriptionSecret,
  subscriptionInputSchema,
  subscriptionPatchSchema,
  updateSubscription,
  type SubscriptionActor,
  type SubscriptionContext,
  type SubscriptionInput,
  type SubscriptionPatch,
  type SubscriptionView,
} from './subscription-service.js';

/** The signed-in user making a change: named in the audit trail, held to their own place assignment. */
export interface SubscriptionUser {
  readonly id: number;
  readonly email: string;
  readonly role: UserRole;
  /** Places assigned to the user (officers are told only about these). */
  readonly places: readonly string[];
}

/** What the subscription service needs to know of a user: whether they manage everyone's subscriptions. */
export function actorOf(user: SubscriptionUser): SubscriptionActor {
  return { userId: user.id, manageAll: roleCan(user.role, 'subscriptions:all') };
}

/** Subscriptions the user may see: their own, or everyone's for operators and admins. */
export async function subscriptionsOf(ctx: SubscriptionContext, user: SubscriptionUser): Promise<SubscriptionView[]> {
  return listSubscriptions(ctx, actorOf(user));
}

/** One subscription the user may manage; someone else's is "not found" to an officer. */
export async function findSubscriptionAs(ctx: SubscriptionContext, user: SubscriptionUser, id: string): Promise<SubscriptionView> {
  const found = (await subscriptionsOf(ctx, user)).find((s) => s.id === id);
  if (!found) throw new NotifyError('SUBSCRIPTION_NOT_FOUND', `no subscription ${id}`);
  return found;
}

/**
 * Creates a subscription after the owner's place check, with its audit entry in the same
 * transaction; a webhook's signing secret is returned once, here.
 */
export async function createSubscriptionAs(ctx: SubscriptionContext, user: SubscriptionUser, input: SubscriptionInput) {
  return withInputErrors(() =>
    ctx.db.transaction().execute(async (tx) => {
      const value = subscriptionInputSchema.parse(input);
      const actor = actorOf(user);
      // Refused before the owner is looked up, so an officer learns nothing about another user's places.
      if (value.owner_user_id !== undefined && value.owner_user_id !== user.id && !actor.manageAll) {
        throw new NotifyError('SUBSCRIPTION_FORBIDDEN', 'officers may create subscriptions for themselves only');
      }
      await checkOwnerPlaces(tx, user, value.owner_user_id ?? user.id, value.places);
      const created = await createSubscription({ ...ctx, db: tx }, actor, input);
      await audit(tx, user, 'subscription.create', created.subscription.id, null, created.subscription);
      return created;
    }),
  );
}

/** Changes a subscription; new places are checked against its owner's assignment. */
export async function updateSubscriptionAs(ctx: SubscriptionContext, user: SubscriptionUser, id: string, patch: SubscriptionPatch): Promise<SubscriptionView> {
  return withInputErrors(() =>
    ctx.db.transaction().execute(async (tx) => {
      const before = await findSubscriptionAs({ ...ctx, db: tx }, user, id);
      const places = subscriptionPatchSchema.parse(patch).places;
      if (places !== undefined && before.owner_user_id !== null) await checkOwnerPlaces(tx, user, before.owner_user_id, places);
      const after = await updateSubscription({ ...ctx, db: tx }, actorOf(user), id, patch);
      await audit(tx, user, 'subscription.update', id, before, after);
      return after;
    }),
  );
}

/** Deletes a subscription (its past notifications stay for the record); returns what was deleted. */
export async function deleteSubscriptionAs(ctx: SubscriptionContext, user: SubscriptionUser, id: string): Promise<SubscriptionView> {
  return ctx.db.transaction().execute(async (tx) => {
    const before = await findSubscriptionAs({ ...ctx, db: tx }, user, id);
    await deleteSubscription({ ...ctx, db: tx }, actorOf(user), id);
    await audit(tx, user, 'subscription.delete', id, before, null);
    return before;
  });
}

/** A new signing secret, returned once; the audit records that it happened, never the secret. */
export async function rotateSubscriptionSecretAs(ctx: SubscriptionContext, user: SubscriptionUser, id: string) {
  return ctx.db.transaction().execute(async (tx) => {
    const scoped = { ...ctx, db: tx };
    const before = await findSubscriptionAs(scoped, user, id);
    const rotated = await rotateSubscriptionSecret(scoped, actorOf(user), id);
    const after = await findSubscriptionAs(scoped, user, id);
    await audit(tx, user, 'subscription.rotate_secret', id, before, after);
    return rotated;
  });
}

/**
 * Officers are told only about their assigned places, so a subscription owned by an officer may
 * name only those (never "all"), whoever creates it: an operator cannot widen what an officer hears.
 */
async function checkOwnerPlaces(db: Kysely<Database>, user: SubscriptionUser, ownerId: number, places: 'all' | readonly string[]): Promise<void> {
  const self = ownerId === user.id;
  const owner = self ? { ...user, disabled: false } : await findUserById(db, ownerId);
  if (!owner || owner.disabled) throw new PlacewatchError('INPUT_INVALID', `owner_user_id: no active user ${ownerId}`);
  if (owner.role !== 'officer') return;
  const outside = places === 'all' ? ['all'] : places.filter((p) => !owner.places.includes(p));
  if (outside.length === 0) return;
  const message =
    places === 'all'
      ? `officers subscribe to their assigned places only: list them in "places" (${owner.places.join(', ') || 'none assigned'})`
      : `place "${outside[0]}" is not assigned to ${self ? 'you' : owner.email}`;
  throw self ? new NotifyError('SUBSCRIPTION_FORBIDDEN', message) : new PlacewatchError('INPUT_INVALID', message);
}

async function audit(
  db: Kysely<Database>,
  user: SubscriptionUser,
  action: string,
  id: string,
  before: SubscriptionView | null,
  after: SubscriptionView | null,
): Promise<void> {
  await appendAudit(db, {
    actor: user.email,
    action,
    subjectType: 'subscription',
    subjectId: id,
    before: before && auditView(before),
    after: after && auditView(after),
  });
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

/** The service's zod checks (unknown place, a target that does not suit the channel) as INPUT_INVALID, naming each field. */
async function withInputErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    throw new PlacewatchError('INPUT_INVALID', error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  }
}
