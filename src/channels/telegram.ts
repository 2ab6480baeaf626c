import { z } from 'zod';
import { secretEnvNameSchema } from '../env/index.js';
import type { AllowList } from '../net/index.js';
import { toTelegramHtml } from './message-formats.js';
import { NotifyError } from './notify-error.js';
import { httpUrlSchema, missingTarget, type NotificationChannel, type Recipient } from './channel.js';
import { composeFor } from './compose.js';
import { configuredSecret } from './secrets.js';

/** Bot token of Telegram subscriptions made through the API (config routes name their own). */
export const DEFAULT_TELEGRAM_TOKEN_ENV = 'PLACEWATCH_SECRET_TELEGRAM_BOT_TOKEN';

const TELEGRAM_API = 'https://api.telegram.org';

/** Telegram's field on a route: the variable holding the bot token. */
const routeFields = { bot_token_env: secretEnvNameSchema.optional() };
/** Telegram's setting in the delivery section: the Bot API base (a local Bot API server, a test receiver). */
const deliveryFields = { telegram_api: httpUrlSchema.default(TELEGRAM_API) };
const settingsSchema = z.object(routeFields);
const deliverySettingsSchema = z.object(deliveryFields);

// The chat is gone, the bot was removed, or the token is wrong: retrying cannot help.
const TELEGRAM_PERMANENT = new Set([400, 401, 403, 404]);

/** Telegram reports flood control as {"parameters":{"retry_after":N}} and not always as a header. */
export function telegramRetryAfter(body: string): number | null {
  try {
    const seconds = (JSON.parse(body) as { parameters?: { retry_after?: unknown } }).parameters?.retry_after;
    return typeof seconds === 'number' && seconds >= 0 ? seconds * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * The Bot API base to call. The bot token travels in its path, so config may point elsewhere (a
 * local Bot API server, a test receiver) only at a host the server's own allowlist
 * (PLACEWATCH_ALLOW_PRIVATE) names; otherwise the token would go wherever an operator liked.
 */
export async function telegramApiBase(configured: string, allow: AllowList): Promise<string> {
  const { isAllowlisted } = await import('../net/index.js');
  const base = configured.replace(/\/+$/, '');
  if (base === TELEGRAM_API) return base;
  let host: string;
  try {
    host = new URL(base).hostname;
  } catch {
    throw new NotifyError('NOTIFY_MISCONFIGURED', 'delivery.telegram_api is not a valid URL', { permanent: true });
  }
  if (!isAllowlisted(host, allow)) {
    throw new NotifyError(
      'NOTIFY_MISCONFIGURED',
      `delivery.telegram_api ${host} is neither ${TELEGRAM_API} nor on the server's PLACEWATCH_ALLOW_PRIVATE list; the bot token is not sent there`,
      { permanent: true },
    );
  }
  return base;
}

/** The Telegram bot token for a subscription: its route's bot_token_env, or the default variable. */
export function telegramToken(subscription: Recipient, env: Readonly<Record<string, string | undefined>>): string {
  const name = settingsSchema.parse(subscription.settings).bot_token_env ?? DEFAULT_TELEGRAM_TOKEN_ENV;
  const token = configuredSecret(env, name);
  if (!token) throw new NotifyError('NOTIFY_SECRET_MISSING', `Telegram bot token ${name} is not set`, { permanent: true });
  return token;
}

/** Calls the Telegram Bot API sendMessage (HTML parse mode, no link previews). */
export const telegramChannel: NotificationChannel = {
  kind: 'telegram',
  defaultDetail: 'minimal',
  validateTarget: (target) => {
    if (target === null) return missingTarget('telegram');
    return /^(-?\d{1,20}|@[A-Za-z0-9_]{5,64})$/.test(target) ? null : 'expected a Telegram chat id or @channel';
  },
  routeFields,
  deliveryFields,
  routeProblems: (route) => (route.bot_token_env ? [] : [{ path: 'bot_token_env', message: 'telegram routes need bot_token_env' }]),
  send: async (message, ctx) => {
    const delivery = deliverySettingsSchema.parse(ctx.routes.delivery ?? {});
    const base = await telegramApiBase(delivery.telegram_api, ctx.allow);
    const token = telegramToken(message.subscription, ctx.env);
    const url = `${base}/bot${token}/sendMessage`;
    const body = JSON.stringify({
      chat_id: message.subscription.target,
      text: toTelegramHtml(composeFor(message, ctx)),
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
    const { postJson } = await import('./http-post.js');
    const result = await postJson(url, body, {
      agent: ctx.agent,
      allow: ctx.allow,
      timeoutMs: ctx.timeoutMs,
      keepBody: 4096,
      permanentStatuses: TELEGRAM_PERMANENT,
      retryAfterFromBody: telegramRetryAfter,
    });
    return { statusCode: result.statusCode };
  },
};
