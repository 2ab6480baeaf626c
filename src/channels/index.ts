/**
 * Notification channels, one file each, listed in registry.ts; with what every channel shares: the
 * notice it sends, the message rendered from it, delivery errors, signing and stored secrets.
 * It imports nothing from notify, so notify and the config schema (whose channel checks come from the
 * registry) both import it.
 */
export {
  channelKinds,
  channelSettings,
  channelShape,
  defaultDetailOf,
  findChannel,
  isSignedChannel,
  registerChannel,
  routeFileProblems,
  routeProblems,
  targetProblem,
} from './registry.js';
export {
  detailSchema,
  httpTargetProblem,
  missingTarget,
  type ChannelContext,
  type ChannelProblem,
  type Detail,
  type NotificationChannel,
  type OutgoingNotification,
  type Recipient,
  type SecretRef,
  type SendOutcome,
} from './channel.js';
export { createResourceCache, type ResourceCache } from './resource-cache.js';
export { sendNotification } from './send-notification.js';
export { alertNoticeSchema, parseNotice, type AlertNotice, type DigestNotice, type Notice } from './notice.js';
export { NotifyError, type NotifyErrorCode } from './notify-error.js';
export { decryptSecret, encryptSecret, generateWebhookSecret, secretKeyFrom } from './secret-box.js';
export { signWebhook } from './webhook-signature.js';
