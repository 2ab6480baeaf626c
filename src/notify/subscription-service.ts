import type { Kysely, Updateable } from 'kysely';
import { z } from 'zod';
import { slugSchema, checkTarget, subscriptionFields } from '../config/index.js';
import type { Database, SubscriptionsTable } from '../db/index.js';
import { encryptSecret, generateWebhookSecret, isSignedChannel, NotifyError, secretKeyFrom, targetProblem } from '../channels/index.js';
import {
  deleteSubscriptionRow,
  findSubscriptionRow,
  insertSubscriptionRow,
  listSubscriptionRows,
  updateSubscriptionRow,
  type SubscriptionRow,
} from './subscription-repository.js';

/** Body of "create subscription" (API and UI); the signing secret is generated, never supplied. */
export const subscriptionInputSchema = z
  .object({
    name: slugSchema,
    ...subscriptionFields,
    enabled: z.boolean().default(true),
    /** Only someone who manages all subscriptions may create one for another user. */
    owner_user_id: z.number().int().positive().optional(),
  })
  .strict()
  .superRefine(checkTarget);
export type SubscriptionInput = z.input<typeof subscriptionInputSchema>;

/** Body of "update subscription": any subset of the fields; channel and target are checked together. */
export const subscriptionPatchSchema = z
  .object({
    places: subscriptionFields.places.removeDefault().optional(),
    min_severity: subscriptionFields.min_severity.removeDefault().optional(),
    categories: subscriptionFields.categories.nullable(),
    campaigns: z.boolean().optional(),
    channel: subscriptionFields.channel.optional(),
    target: subscriptionFields.target.nullable(),
    detail: subscriptionFields.detail.nullable(),
    language: subscriptionFields.language.removeDefault().optional(),
    digest: subscriptionFields.digest.nullable(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type SubscriptionPatch = z.input<typeof subscriptionPatchSchema>;

/** What the API returns for a subscription: never a secret, only whether one is set or rotating. */
export const subscriptionViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  owner_user_id: z.number().nullable(),
  places: z.union([z.literal('all'), z.array(z.string())]),
  min_severity: z.string(),
  categories: z.array(z.string()).nullable(),
  campaigns: z.boolean(),
  channel: z.string(),
  target: z.string().nullable(),
  detail: z.string().nullable(),
  language: z.string(),
  digest: z.object({ every: z.string(), below: z.string() }).nullable(),
  enabled: z.boolean(),
  has_secret: z.boolean(),
  previous_secret_valid_until: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type SubscriptionView = z.infer<typeof subscriptionViewSchema>;

/** Who is asking: officers manage their own subscriptions; `manageAll` (operators) manage everyone's. */
export interface SubscriptionActor {
  readonly userId: number;
  readonly manageAll: boolean;
}

export interface SubscriptionContext {
  readonly db: Kysely<Database>;
  /** Environment holding PLACEWATCH_SECRET_KEY. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Place ids from config; unknown places are refused when given. */
  readonly knownPlaces?: ReadonlySet<string>;
}

/** How long a rotated-out secret keeps signing, so receivers can switch over without a gap. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/** Subscriptions the actor may see: their own, or all for operators. */
export async function listSubscriptions(ctx: SubscriptionContext, actor: SubscriptionActor): Promise<SubscriptionView[]> {
  const rows = await listSubscriptionRows(ctx.db, actor.manageAll ? {} : { ownerUserId: actor.userId });
  return rows.map(toSubscriptionView);
}

/**
 * Creates a subscription; for signed webhooks the new secret is returned once, here, and stored
 * only encrypted.
 */
export async function createSubscription(
  ctx: SubscriptionContext,
  actor: SubscriptionActor,
  input: SubscriptionInput,
): Promise<{ subscription: SubscriptionView; secret: string | null }> {
  const value = subscriptionInputSchema.parse(input);
  if (value.owner_user_id !== undefined && value.owner_user_id !== actor.userId && !actor.manageAll) {
    throw new NotifyError('SUBSCRIPTION_FORBIDDEN', 'officers may create subscriptions for themselves only');
  }
  checkPlaces(ctx, value.places);
  const secret = isSignedChannel(value.channel) ? generateWebhookSecret() : null;
  const row = await insertSubscriptionRow(ctx.db, {
    name: value.name,
    owner_user_id: value.owner_user_id ?? actor.userId,
    places: JSON.stringify(value.places),
    min_severity: value.min_severity,
    categories: value.categories ? JSON.stringify(value.categories) : null,
    campaigns: value.campaigns,
    channel: value.channel,
    target: value.target ?? null,
    detail: value.detail ?? null,
    language: value.language,
    digest: value.digest ? JSON.stringify(value.digest) : null,
    enabled: value.enabled,
    secret_encrypted: secret ? encryptSecret(secretKeyFrom(ctx.env), secret) : null,
  });
  return { subscription: toSubscriptionView(row), secret };
}

/** Changes some fields of a subscription the actor may manage. */
export async function updateSubscription(ctx: SubscriptionContext, actor: SubscriptionActor, id: string, patch: SubscriptionPatch): Promise<SubscriptionView> {
  const value = subscriptionPatchSchema.parse(patch);
  const existing = await loadOwned(ctx, actor, id);
  const channel = value.channel ?? existing.channel;
  const target = value.target === undefined ? existing.target : value.target;
  const problem = targetProblem(channel, target);
  if (problem) throw new z.ZodError([{ code: 'custom', path: ['target'], message: problem, input: target }]);
  if (value.places) checkPlaces(ctx, value.places);
  const set: Updateable<SubscriptionsTable> = {};
  if (value.places !== undefined) set.places = JSON.stringify(value.places);
  if (value.min_severity !== undefined) set.min_severity = value.min_severity;
  if (value.categories !== undefined) set.categories = value.categories ? JSON.stringify(value.categories) : null;
  if (value.campaigns !== undefined) set.campaigns = value.campaigns;
  if (value.channel !== undefined) set.channel = value.channel;
  if (value.target !== undefined) set.target = value.target;
  if (value.detail !== undefined) set.detail = value.detail;
  if (value.language !== undefined) set.language = value.language;
  if (value.digest !== undefined) set.digest = value.digest ? JSON.stringify(value.digest) : null;
  if (value.enabled !== undefined) set.enabled = value.enabled;
  if (isSignedChannel(channel) && !existing.secret_encrypted) set.secret_encrypted = encryptSecret(secretKeyFrom(ctx.env), generateWebhookSecret());
  const row = await updateSubscriptionRow(ctx.db, id, set);
  return toSubscriptionView(row!);
}

/** Deletes a subscription the actor may manage; its past notifications stay for the record. */
export async function deleteSubscription(ctx: SubscriptionContext, actor: SubscriptionActor, id: string): Promise<void> {
  await loadOwned(ctx, actor, id);
  await deleteSubscriptionRow(ctx.db, id);
}

/**
 * Replaces the signing secret and returns the new one (once). The old secret keeps signing beside
 * it for `overlapMs`, so a receiver that still verifies with the old one loses nothing.
 */
export async function rotateSubscriptionSecret(
  ctx: SubscriptionContext,
  actor: SubscriptionActor,
  id: string,
  overlapMs = ROTATION_OVERLAP_MS,
): Promise<{ secret: string; previous_secret_valid_until: string | null }> {
  const existing = await loadOwned(ctx, actor, id);
  if (!isSignedChannel(existing.channel)) throw new NotifyError('NOTIFY_MISCONFIGURED', `${existing.channel} subscriptions are not signed`);
  const secret = generateWebhookSecret();
  const until = existing.secret_encrypted ? new Date(Date.now() + overlapMs) : null;
  await updateSubscriptionRow(ctx.db, id, {
    secret_encrypted: encryptSecret(secretKeyFrom(ctx.env), secret),
    previous_secret_encrypted: existing.secret_encrypted,
    previous_secret_expires_at: until,
  });
  return { secret, previous_secret_valid_until: until?.toISOString() ?? null };
}

async function loadOwned(ctx: SubscriptionContext, actor: SubscriptionActor, id: string): Promise<SubscriptionRow> {
  const row = /^\d+$/.test(id) ? await findSubscriptionRow(ctx.db, id) : undefined;
  // Someone else's subscription is reported as missing: its existence is not the officer's business.
  if (!row || (!actor.manageAll && row.owner_user_id !== actor.userId)) {
    throw new NotifyError('SUBSCRIPTION_NOT_FOUND', `no subscription ${id}`);
  }
  return row;
}

function checkPlaces(ctx: SubscriptionContext, places: 'all' | readonly string[]): void {
  if (!ctx.knownPlaces || places === 'all') return;
  const unknown = places.filter((p) => !ctx.knownPlaces!.has(p));
  if (unknown.length > 0) throw new z.ZodError([{ code: 'custom', path: ['places'], message: `unknown place "${unknown[0]}"`, input: places }]);
}

/** The public shape of a stored subscription. */
export function toSubscriptionView(row: SubscriptionRow): SubscriptionView {
  const rotating = row.previous_secret_expires_at && new Date(row.previous_secret_expires_at) > new Date();
  return {
    id: row.id,
    name: row.name,
    owner_user_id: row.owner_user_id,
    places: row.places,
    min_severity: row.min_severity,
    categories: row.categories,
    campaigns: row.campaigns,
    channel: row.channel,
    target: row.target,
    detail: row.detail,
    language: row.language,
    digest: row.digest,
    enabled: row.enabled,
    has_secret: row.secret_encrypted !== null,
    previous_secret_valid_until: rotating ? new Date(row.previous_secret_expires_at!).toISOString() : null,
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}
