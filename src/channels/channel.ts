import type { Agent } from 'undici';
import { z } from 'zod';
import type { AllowList } from '../net/index.js';
import type { Logger } from 'pino';
import type { Notice } from './notice.js';
import type { ResourceCache } from './resource-cache.js';

/** `minimal`: severity, place code and the link only (details behind login); `full`: what, where, how many. */
export const detailSchema = z.enum(['minimal', 'full']);
export type Detail = z.infer<typeof detailSchema>;

/** Where a subscription's signing secret lives: named environment variables, or ciphertext in the database. */
export type SecretRef =
  | { readonly kind: 'env'; readonly current?: string | undefined; readonly previous?: string | undefined }
  | { readonly kind: 'encrypted'; readonly current: string | null; readonly previous: string | null };

/** What a channel reads of a subscription (a config route or one managed through the API). */
export interface Recipient {
  readonly name: string;
  /** The channel's kind (see registry.ts). */
  readonly channel: string;
  readonly target: string | null;
  readonly detail: Detail;
  readonly language: 'en' | 'ar';
  readonly secret: SecretRef;
  /** The route's fields its channel declares (`routeFields`), as routes.yaml gives them; empty for API subscriptions. */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** One notification on its way out: what to say, to whom, under which idempotency key. */
export interface OutgoingNotification {
  readonly idempotencyKey: string;
  readonly event: string;
  readonly notice: Notice;
  readonly subscription: Recipient;
  readonly createdAt: Date;
}

/** What every channel may use; the process-wide parts are built once per notifier process. */
export interface ChannelContext {
  readonly agent: Agent;
  readonly allow: AllowList;
  readonly timeoutMs: number;
  /** Environment holding secrets and tokens (never logged). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger: Logger;
  /** The Arabic name of a place from config, for subscriptions that read Arabic. */
  readonly arabicPlaceName: ((placeId: string) => string | undefined) | undefined;
  readonly now: () => Date;
  /** The routes file in force; a channel reads its own parts (Telegram's delivery.telegram_api, email's smtp). */
  readonly routes: Readonly<Record<string, unknown>>;
  /** What channels keep between sends in this process (an SMTP pool). */
  readonly resources: ResourceCache;
}

/** What the receiver answered, for the attempt log. */
export interface SendOutcome {
  readonly statusCode: number | null;
}

/** A problem a channel finds in a route, at `path` below the route. */
export interface ChannelProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * One way of delivering notifications. Each lives in its own file in this folder and is listed in
 * registry.ts; the config schema, the delivery switch and the UI's channel list all come from there.
 * The config schema loads these files for every command, so a channel imports network and mail
 * libraries (undici, nodemailer, src/net) lazily, in `send`.
 */
export interface NotificationChannel {
  /** The `channel` value in routes.yaml and in API subscriptions. */
  readonly kind: string;
  /** Detail level when a subscription does not choose one: minimal where messages land in shared or phone-visible places. */
  readonly defaultDetail: Detail;
  /** Why a target does not suit this channel, or null when it does; `null` means no target was given. */
  validateTarget(target: string | null): string | null;
  /** Sends one notification; throws NotifyError on failure (permanent when retrying cannot help). */
  send(message: OutgoingNotification, ctx: ChannelContext): Promise<SendOutcome>;
  /** Subscriptions carry a signing secret: API ones get a generated secret, config routes must name one (secret_env). */
  readonly signed?: boolean;
  /** Route fields only this channel reads (Telegram's bot_token_env); they reach `send` as `settings`. */
  readonly routeFields?: z.ZodRawShape;
  /** Settings of this channel in the routes file's `delivery` section (Telegram's telegram_api). */
  readonly deliveryFields?: z.ZodRawShape;
  /** Top-level routes.yaml sections this channel owns (email's smtp). */
  readonly fileSections?: z.ZodRawShape;
  /** Checks a route of this channel beyond its target (a required variable name). */
  routeProblems?(route: Readonly<Record<string, unknown>>): ChannelProblem[];
  /** Checks a route of this channel against the whole routes file (email needs the smtp section). */
  routeFileProblems?(route: Readonly<Record<string, unknown>>, file: Readonly<Record<string, unknown>>): ChannelProblem[];
}

/** The validateTarget answer for a channel that needs a target and got none. */
export function missingTarget(kind: string): string {
  return `channel "${kind}" needs a target`;
}

const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'expected an http(s) URL');

/** zod form of an http(s) URL, for channel settings. */
export const httpUrlSchema = httpUrl;

/** validateTarget for channels that post to a URL. */
export function httpTargetProblem(kind: string, target: string | null): string | null {
  if (target === null) return missingTarget(kind);
  return httpUrl.safeParse(target).success ? null : 'expected an http(s) URL';
}
