import { NotifyError } from '../notify-error.js';
import type { ChannelContext, OutgoingNotification, SendOutcome } from './channel-context.js';
import { sendMatrix, sendSlack, sendTelegram } from './chat.js';
import { sendEmail } from './email.js';
import { sendWebhook } from './webhook.js';

/** Sends one notification on its subscription's channel; throws NotifyError on failure. */
export async function sendNotification(message: OutgoingNotification, ctx: ChannelContext): Promise<SendOutcome> {
  const { channel, target } = message.subscription;
  if (channel !== 'log' && !target) throw new NotifyError('NOTIFY_MISCONFIGURED', `${channel} subscription has no target`, { permanent: true });
  switch (channel) {
    case 'log':
      ctx.logger.info({ notification: message.idempotencyKey, event: message.event, notice: message.notice }, 'alert notification');
      return { statusCode: null };
    case 'webhook':
      return sendWebhook(message, ctx);
    case 'email':
      return sendEmail(message, ctx);
    case 'slack':
      return sendSlack(message, ctx);
    case 'matrix':
      return sendMatrix(message, ctx);
    case 'telegram':
      return sendTelegram(message, ctx);
  }
}
