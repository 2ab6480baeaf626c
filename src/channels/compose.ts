import { composeMessage, type Message } from './render-message.js';
import type { ChannelContext, OutgoingNotification } from './channel.js';

/** The message in the subscription's language and detail level. */
export function composeFor(message: OutgoingNotification, ctx: ChannelContext): Message {
  const { detail, language } = message.subscription;
  return composeMessage(message.notice, { detail, language, arabicPlaceName: ctx.arabicPlaceName });
}
