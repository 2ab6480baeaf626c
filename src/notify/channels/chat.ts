import { isAllowlisted, type AllowList } from '../../net/index.js';
import { NotifyError } from '../notify-error.js';
import { toMatrixBody, toSlackBody, toTelegramHtml } from '../message-formats.js';
import { composeMessage } from '../render-message.js';
import type { ChannelContext, OutgoingNotification, SendOutcome } from './channel-context.js';
import { postJson } from './http-post.js';
import { telegramToken } from './secrets.js';

function compose(message: OutgoingNotification, ctx: ChannelContext) {
  const { detail, language } = message.subscription;
  return composeMessage(message.notice, { detail, language, arabicPlaceName: ctx.arabicPlaceName });
}

/** Posts to a Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat). */
export async function sendSlack(message: OutgoingNotification, ctx: ChannelContext): Promise<SendOutcome> {
  const body = JSON.stringify(toSlackBody(compose(message, ctx)));
  const result = await postJson(message.subscription.target!, body, { agent: ctx.agent, allow: ctx.allow, timeoutMs: ctx.timeoutMs });
  return { statusCode: result.statusCode };
}

/** Posts to a Matrix generic webhook (matrix-hookshot): `text` and `html`. */
export async function sendMatrix(message: OutgoingNotification, ctx: ChannelContext): Promise<SendOutcome> {
  const body = JSON.stringify(toMatrixBody(compose(message, ctx)));
  const result = await postJson(message.subscription.target!, body, { agent: ctx.agent, allow: ctx.allow, timeoutMs: ctx.timeoutMs });
  return { statusCode: result.statusCode };
}

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

const TELEGRAM_API = 'https://api.telegram.org';

/**
 * The Bot API base to call. The bot token travels in its path, so config may point elsewhere (a
 * local Bot API server, a test receiver) only at a host the server's own allowlist
 * (PLACEWATCH_ALLOW_PRIVATE) names; otherwise the token would go wherever an operator liked.
 */
export function telegramApiBase(configured: string, allow: AllowList): string {
  const base = configured.replace(/\/+$/, '');
  if (base === TELEGRAM_API) return base;
  let host: string;
  try {
    host = new URL(base).hostname;
  } catch {
    throw new NotifyError('NOTIFY_MISCONFIGURED', 'delivery.telegram_api is not a valid URL', { permanent: true });
  }
  if (!isAllowlisted(host, allow)) {
    throw new NotifyError('NOTIFY_MISCONFIGURED', `delivery.telegram_api ${host} is neither ${TELEGRAM_API} nor on the server's PLACEWATCH_ALLOW_PRIVATE list; the bot token is not sent there`, { permanent: true });
  }
  return base;
}

/** Calls the Telegram Bot API sendMessage (HTML parse mode, no link previews). */
export async function sendTelegram(message: OutgoingNotification, ctx: ChannelContext): Promise<SendOutcome> {
  const base = telegramApiBase(ctx.telegramApi, ctx.allow);
  const token = telegramToken(message.subscription, ctx.env);
  const url = `${base}/bot${token}/sendMessage`;
  const body = JSON.stringify({
    chat_id: message.subscription.target,
    text: toTelegramHtml(compose(message, ctx)),
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
  });
  const result = await postJson(url, body, {
    agent: ctx.agent,
    allow: ctx.allow,
    timeoutMs: ctx.timeoutMs,
    keepBody: 4096,
    permanentStatuses: TELEGRAM_PERMANENT,
    retryAfterFromBody: telegramRetryAfter,
  });
  return { statusCode: result.statusCode };
}
