export { matchRoutes, type AlertChange, type RoutableAlert } from './route-matching.js';
export { enqueueNotifications, duePendingNotifications, type OutboxMessage } from './outbox.js';
