import { NotifyError } from './notify-error.js';
import type { ChannelContext, OutgoingNotification, SendOutcome } from './channel.js';
import { findChannel } from './registry.js';

/** Sends one notification on its subscription's channel; throws NotifyError on failure. */
export async function sendNotification(message: OutgoingNotification, ctx: ChannelContext): Promise<SendOutcome> {
  const kind = message.subscription.channel;
  const channel = findChannel(kind);
  // A stored subscription may name a channel this build no longer has.
  if (!channel) throw new NotifyError('NOTIFY_MISCONFIGURED', `unknown channel "${kind}"`, { permanent: true });
  if (message.subscription.target === null && channel.validateTarget(null) !== null) {
    throw new NotifyError('NOTIFY_MISCONFIGURED', `${kind} subscription has no target`, { permanent: true });
  }
  return channel.send(message, ctx);
}
