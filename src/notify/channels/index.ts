/** Notification channels: one file each, listed in registry.ts. */
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
