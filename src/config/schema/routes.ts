import { z } from 'zod';
import { durationSchema, severitySchema, slugSchema, threatCategorySchema } from './common.js';
import { secretEnvNameSchema } from './secret-env-name.js';

/** How a notification travels; chat channels post to incoming webhooks or the Telegram Bot API. */
export const channelSchema = z.enum(['log', 'webhook', 'email', 'slack', 'matrix', 'telegram']);
export type Channel = z.infer<typeof channelSchema>;

/** Channels whose messages land in shared or phone-visible places: minimal detail unless asked. */
export const MINIMAL_BY_DEFAULT: ReadonlySet<Channel> = new Set(['slack', 'matrix', 'telegram']);

/** `minimal`: severity, place code and the link only (details behind login); `full`: what, where, how many. */
export const detailSchema = z.enum(['minimal', 'full']);
export type Detail = z.infer<typeof detailSchema>;

/** Alerts below `below` are gathered into one summary per period instead of one message each. */
export const digestSchema = z
  .object({ every: z.enum(['hourly', 'daily']), below: severitySchema.default('medium') })
  .strict();
export type DigestConfig = z.infer<typeof digestSchema>;

const httpUrl = z.string().url().refine((u) => /^https?:\/\//i.test(u), 'expected an http(s) URL');
const emailAddress = z.string().regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, 'expected an e-mail address');

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
  /** Webhook/chat URL, e-mail address, or Telegram chat id. */
  target: z.string().min(1).max(2000).optional(),
  detail: detailSchema.optional(),
  language: z.enum(['en', 'ar']).default('en'),
  digest: digestSchema.optional(),
};

/** Why a target does not suit its channel, or null when it does (shared by config and API input). */
export function targetProblem(channel: Channel, target: string | null | undefined): string | null {
  if (channel === 'log') return null;
  if (target === undefined || target === null) return `channel "${channel}" needs a target`;
  if (channel === 'email' && !emailAddress.safeParse(target).success) return 'expected an e-mail address';
  if ((channel === 'webhook' || channel === 'slack' || channel === 'matrix') && !httpUrl.safeParse(target).success) {
    return 'expected an http(s) URL';
  }
  if (channel === 'telegram' && !/^(-?\d{1,20}|@[A-Za-z0-9_]{5,64})$/.test(target)) return 'expected a Telegram chat id or @channel';
  return null;
}

/** zod refinement form of targetProblem. */
export function checkTarget(value: { channel: Channel; target?: string | undefined }, ctx: z.RefinementCtx): void {
  const problem = targetProblem(value.channel, value.target);
  if (problem) ctx.addIssue({ code: 'custom', path: ['target'], message: problem });
}

/** A subscription written in config/routes.yaml (a "route"); secrets are named, never written. */
export const routeSchema = z
  .object({
    name: slugSchema,
    ...subscriptionFields,
    /** Standard Webhooks signing secret ("whsec_…" or raw text), read from this variable. */
    secret_env: secretEnvNameSchema.optional(),
    /** The secret being rotated out: messages carry both signatures until it is removed. */
    previous_secret_env: secretEnvNameSchema.optional(),
    /** Telegram bot token variable. */
    bot_token_env: secretEnvNameSchema.optional(),
    /** Only escalation tiers use this route (a duty phone, a team lead), never the first message. */
    escalation_only: z.boolean().default(false),
  })
  .strict()
  .superRefine((route, ctx) => {
    checkTarget(route, ctx);
    if (route.channel === 'webhook' && !route.secret_env) {
      ctx.addIssue({ code: 'custom', path: ['secret_env'], message: 'signed webhooks need secret_env' });
    }
    if (route.channel === 'telegram' && !route.bot_token_env) {
      ctx.addIssue({ code: 'custom', path: ['bot_token_env'], message: 'telegram routes need bot_token_env' });
    }
  });
export type RouteConfig = z.infer<typeof routeSchema>;

/** One tier of an escalation policy: after `after` without acknowledgement, tell these routes. */
export const escalationTierSchema = z
  .object({ after: durationSchema, notify: z.array(slugSchema).min(1) })
  .strict();

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
    rate_limits: z.partialRecord(channelSchema, rateLimitSchema).default({}),
    telegram_api: httpUrl.default('https://api.telegram.org'),
  })
  .strict();
export type DeliveryConfig = z.infer<typeof deliverySchema>;

/** SMTP relay for the email channel; credentials come from the environment. */
export const smtpSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(587),
    /** true: TLS from the first byte (port 465); false: STARTTLS when offered. */
    secure: z.boolean().default(false),
    require_tls: z.boolean().default(true),
    from: z.string().min(3),
    user_env: secretEnvNameSchema.optional(),
    password_env: secretEnvNameSchema.optional(),
  })
  .strict();
export type SmtpConfig = z.infer<typeof smtpSchema>;

export const routesFileSchema = z
  .object({
    routes: z.array(routeSchema).default([]),
    // Optional rather than defaulted so `{ routes: [] }` (no routes.yaml at all) is a whole file;
    // readers take defaults from deliveryOf().
    escalation_policies: z.array(escalationPolicySchema).optional(),
    delivery: deliverySchema.optional(),
    smtp: smtpSchema.optional(),
  })
  .strict()
  .superRefine((file, ctx) => {
    const names = new Map<string, number>();
    file.routes.forEach((route, index) => {
      if (names.has(route.name)) {
        ctx.addIssue({ code: 'custom', path: ['routes', index, 'name'], message: `duplicate route name "${route.name}"` });
      } else names.set(route.name, index);
      if (route.channel === 'email' && !file.smtp) {
        ctx.addIssue({ code: 'custom', path: ['routes', index, 'channel'], message: 'email routes need an smtp section' });
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
