import type { AlertNotice, Notice } from './notice.js';
import { signWebhook } from './webhook-signature.js';
import { httpTargetProblem, type ChannelContext, type Detail, type NotificationChannel, type OutgoingNotification, type SendOutcome } from './channel.js';
import { signingSecrets } from './secrets.js';

/** Event type names in webhook bodies ("alert.opened", "alert.digest"…). */
export function webhookEventType(event: string): string {
  return `alert.${event}`;
}

function minimalAlert(alert: AlertNotice): Record<string, unknown> {
  return { alertId: alert.alertId, event: alert.event, severity: alert.severity, place: alert.place, link: alert.link };
}

/** The JSON data of a webhook: everything in `full`, only severity, place code and link in `minimal`. */
export function webhookData(notice: Notice, detail: Detail): Record<string, unknown> {
  if (notice.kind === 'digest') {
    const { alerts, ...rest } = notice.digest;
    return { ...rest, alerts: detail === 'minimal' ? alerts.map(minimalAlert) : alerts };
  }
  return detail === 'minimal' ? minimalAlert(notice.alert) : { ...notice.alert };
}

/**
 * Sends a Standard Webhooks request: `webhook-id` is the idempotency key (the same on every retry,
 * so receivers drop duplicates), `webhook-timestamp` is the send time in seconds (receivers refuse
 * stale ones), `webhook-signature` signs id.timestamp.body with each current secret.
 */
async function sendWebhook(message: OutgoingNotification, ctx: ChannelContext): Promise<SendOutcome> {
  const { subscription } = message;
  const secrets = signingSecrets(subscription, ctx.env);
  const { postJson } = await import('./http-post.js');
  const body = JSON.stringify({
    type: webhookEventType(message.event),
    timestamp: message.createdAt.toISOString(),
    data: webhookData(message.notice, subscription.detail),
  });
  const timestamp = Math.floor(ctx.now().getTime() / 1000);
  const result = await postJson(subscription.target!, body, {
    agent: ctx.agent,
    allow: ctx.allow,
    timeoutMs: ctx.timeoutMs,
    headers: {
      'webhook-id': message.idempotencyKey,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(secrets, message.idempotencyKey, timestamp, body),
    },
  });
  return { statusCode: result.statusCode };
}

/** Signed JSON to a receiver's URL; config routes name the signing secret's variable (secret_env). */
export const webhookChannel: NotificationChannel = {
  kind: 'webhook',
  defaultDetail: 'full',
  signed: true,
  validateTarget: (target) => httpTargetProblem('webhook', target),
  send: sendWebhook,
};
