/**
 * The process roles (api, poller, analyzer, notifier, scheduler): each wires the runtime to the
 * module that does the work. `placewatch start` and the entry points in workers/ start them from here.
 */
export { ROLES, startApi, startRoles, type Role } from './roles.js';
export { startAnalyzer } from './analyzer-role.js';
export { startNotifier } from './notifier-role.js';
export { startPoller } from './poller-role.js';
export { startScheduler } from './scheduler-role.js';
