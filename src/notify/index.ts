export { matchRoutes, matchSubscriptions, type AlertChange, type RoutableAlert, type RouteMatch } from './route-matching.js';
export { enqueueNotifications, notifyAlertChange, type OutboxMessage, type NotificationEvent } from './outbox.js';
export { duePendingNotifications, NOTIFICATION_STATUSES, type NotificationStatus } from './notification-repository.js';
export { relayDueNotifications, notifyJobId } from './outbox-relay.js';
export { deliverNotification, type DeliverDeps, type DeliveryStatus } from './deliver.js';
export { startNotifier, type Notifier, type NotifierOptions } from './notifier.js';
export { startNotifyScheduler, type NotifySchedulerOptions } from './notify-scheduler.js';
export { runEscalations, stopEscalations, type EscalationTick } from './escalation-runner.js';
export { flushDueDigests } from './digest-flush.js';
export { timeToAcknowledgeReport, type AckReportRow } from './ack-report.js';
export {
  listNotifications,
  getNotification,
  retryNotification,
  notificationQuerySchema,
  notificationViewSchema,
  type NotificationView,
  type NotificationQuery,
} from './notification-service.js';
export {
  listSubscriptions,
  createSubscription,
  updateSubscription,
  deleteSubscription,
  rotateSubscriptionSecret,
  subscriptionInputSchema,
  subscriptionPatchSchema,
  subscriptionViewSchema,
  type SubscriptionActor,
  type SubscriptionContext,
  type SubscriptionInput,
  type SubscriptionPatch,
  type SubscriptionView,
} from './subscription-service.js';
export {
  actorOf,
  createSubscriptionAs,
  deleteSubscriptionAs,
  findSubscriptionAs,
  redactTarget,
  rotateSubscriptionSecretAs,
  subscriptionsOf,
  updateSubscriptionAs,
  type SubscriptionUser,
} from './subscription-changes.js';
// Channels, delivery errors and secrets live in src/channels (config reads the registry too); notify's users find them here as before.
export {
  channelKinds,
  decryptSecret,
  encryptSecret,
  generateWebhookSecret,
  isSignedChannel,
  NotifyError,
  registerChannel,
  signWebhook,
  type NotificationChannel,
  type NotifyErrorCode,
} from '../channels/index.js';
