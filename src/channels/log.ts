import type { NotificationChannel } from './channel.js';

/** Writes the notification to the service log: for trying routes out, and as a record without a receiver. */
export const logChannel: NotificationChannel = {
  kind: 'log',
  defaultDetail: 'full',
  validateTarget: () => null,
  send: async (message, ctx) => {
    ctx.logger.info({ notification: message.idempotencyKey, event: message.event, notice: message.notice }, 'alert notification');
    return { statusCode: null };
  },
};
