/**
 * Words every module shares, declared once: where an alert stands, how urgent it is, which feeds the
 * demo writes. A leaf: it imports nothing from src, so db, config, alerts and polling can all use it.
 */
export { ALERT_STATUSES, isAlertStatus, isClosed, type AlertStatus } from './alert-status.js';
export { ALERT_SEVERITIES, SEVERITY_ORDER, maxSeverity, raiseSeverity, severityAtLeast, severityRank, severitySchema, type Severity } from './severity.js';
export { DEMO_FEED, DEMO_REPLAY_FEED } from './demo-feeds.js';
