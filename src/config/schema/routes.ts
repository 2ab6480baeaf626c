import { z } from 'zod';
import {
  channelKinds,
  channelShape,
  detailSchema,
  findChannel,
  isSignedChannel,
  routeFileProblems,
  routeProblems,
  targetProblem,
} from '../../channels/index.js';
import { durationSchema, severitySchema, slugSchema, threatCategorySchema } from './common.js';
import { secretEnvNameSchema } from '../../env/index.js';

export { detailSchema, type Detail } from '../../channels/index.js';

/**
 * How a notification travels: the kind of a channel in src/channels/registry.ts. Checked
 * against the registry when parsed, so a channel registered later (a test's own) is accepted too.
 */
export const channelSchema = z
  .string()
  .superRefine((kind, ctx) => {
    if (!findChannel(kind)) ctx.addIssue({ code: 'custom', message: `unknown channel "${kind}" (expected one of ${channelKinds().join(', ')})` });
  })
  // The API docs list the channels registered when the schema was built.
  .meta({ description: `a notification channel: ${channelKinds().join(', ')}` });
export type Channel = z.infer<typeof channelSchema>;

/** Alerts below `below` are gathered into one summary per period instead of one message each. */
export const digestSchema = z.object({ every: z.enum(['hourly', 'daily']), below: severitySchema.default('medium') }).strict();
export type DigestConfig = z.infer<typeof digestSchema>;

/**
 * What a subscription wants to hear and where it goes; shared by config-file routes and the
 * subscriptions officers manage through the API.
 */
export const subscriptionFields = {
  places: z.union([z.literal('all'), z.array(slugSchema).min(1)]).default('all'),
  min_severity: severitySchema.default('high'),
  categories: z.array(threatCategorySchema).min(1).optional(),
  /** Campaign escalations are sent even below min_severity. */
  campaigns: z.boolean().default(true),
  channel: channelSchema,
  /** Where the channel sends (a URL, an address, a chat id); each channel checks its own. */
  target: z.string().min(1).max(2000).optional(),
  detail: detailSchema.optional(),
  language: z.enum(['en', 'ar']).default('en'),
  digest: digestSchema.optional(),
};

/** zod refinement form of targetProblem. */
export function checkTarget(value: { channel: Channel; target?: string | undefined }, ctx: z.RefinementCtx): void {
  const problem = targetProblem(value.channel, value.target);
  if (problem) ctx.addIssue({ code: 'custom', path: ['target'], message: problem });
}

// Fields channels add (Telegram's bot_token_env). Typed `{}` on purpose: the channel that declares
// them reads them, through its own schema, from the subscription's settings.
const channelRouteFields: {} = channelShape('routeFields');
const channelDeliveryFields: {} = channelShape('deliveryFields');
const channelFileSections: {} = channelShape('fileSections');

/** A subscription written in config/routes.yaml (a "route"); secrets are named, never written. */
export const routeSchema = z
  .object({
    name: slugSchema,
    ...subscriptionFields,
    /** Standard Webhooks signing secret ("whsec_…" or raw text), read from this variable. */
    secret_env: secretEnvNameSchema.optional(),
    /** The secret being rotated out: messages carry both signatures until it is removed. */
    previous_secret_env: secretEnvNameSchema.optional(),
    /** Only escalation tiers use this route (a duty phone, a team lead), never the first message. */
    escalation_only: z.boolean().default(false),
    ...channelRouteFields,
  })
  .strict()
  .superRefine((route, ctx) => {
    checkTarget(route, ctx);
    if (isSignedChannel(route.channel) && !route.secret_env) {
      ctx.addIssue({ code: 'custom', path: ['secret_env'], message: `signed ${route.channel}s need secret_env` });
    }
    for (const problem of routeProblems(route.channel, route)) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
  });
export type RouteConfig = z.infer<typeof routeSchema>;

/** One tier of an escalation policy: after `after` without acknowledgement, tell these routes. */
export const escalationTierSchema = z.object({ after: durationSchema, notify: z.array(slugSchema).min(1) }).strict();

/** Unacknowledged alerts at or above `min_severity` climb tiers until acknowledged or the policy ends. */
export const escalationPolicySchema = z
  .object({
    name: slugSchema,
    min_severity: severitySchema.default('critical'),
    places: z.union([z.literal('all'), z.array(slugSchema).min(1)]).default('all'),
    categories: z.array(threatCategorySchema).min(1).optional(),
    tiers: z.array(escalationTierSchema).min(1).max(20),
    /** Times the last tier is repeated (at its own interval) before the policy ends. */
    repeat_last: z.number().int().min(0).max(100).default(0),
  })
  .strict();
export type EscalationPolicyConfig = z.infer<typeof escalationPolicySchema>;

const rateLimitSchema = z.object({ max: z.number().int().min(1), per: durationSchema }).strict();

/** Retry and pacing of deliveries; tests shorten these, production keeps the defaults. */
export const deliverySchema = z
  .object({
    max_attempts: z.number().int().min(1).max(50).default(8),
    backoff_base: durationSchema.default('2s'),
    backoff_max: durationSchema.default('1h'),
    /** Whole-request budget of one HTTP or SMTP delivery. */
    timeout: durationSchema.default('15s'),
    /** How often the scheduler relays due outbox rows, and scans escalations and digests. */
    relay_interval: durationSchema.default('500ms'),
    escalation_interval: durationSchema.default('5s'),
    /** Messages per channel across all notifier processes. */
    rate_limits: z.record(channelSchema, rateLimitSchema).default({}),
    ...channelDeliveryFields,
  })
  .strict();
export type DeliveryConfig = z.infer<typeof deliverySchema>;

export const routesFileSchema = z
  .object({
    routes: z.array(routeSchema).default([]),
    // Optional rather than defaulted so `{ routes: [] }` (no routes.yaml at all) is a whole file;
    // readers take defaults from deliveryOf().
    escalation_policies: z.array(escalationPolicySchema).optional(),
    delivery: deliverySchema.optional(),
    ...channelFileSections,
  })
  .strict()
  .superRefine((file, ctx) => {
    const names = new Map<string, number>();
    file.routes.forEach((route, index) => {
      if (names.has(route.name)) {
        ctx.addIssue({ code: 'custom', path: ['routes', index, 'name'], message: `duplicate route name "${route.name}"` });
      } else names.set(route.name, index);
      for (const problem of routeFileProblems(route.channel, route, file)) {
        ctx.addIssue({ code: 'custom', path: ['routes', index, problem.path], message: problem.message });
      }
    });
    file.escalation_policies?.forEach((policy, p) => {
      policy.tiers.forEach((tier, t) =>
        tier.notify.forEach((name, n) => {
          if (!names.has(name)) {
            ctx.addIssue({ code: 'custom', path: ['escalation_policies', p, 'tiers', t, 'notify', n], message: `unknown route "${name}"` });
          }
        }),
      );
    });
  });
export type RoutesFile = z.infer<typeof routesFileSchema>;

const DEFAULT_DELIVERY: DeliveryConfig = deliverySchema.parse({});

/** The delivery settings of a routes file, defaults filled in. */
export function deliveryOf(file: RoutesFile): DeliveryConfig {
  return file.delivery ?? DEFAULT_DELIVERY;
}
