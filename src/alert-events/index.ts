/**
 * An alert's audit trail (the append-only alert_events table). Triage (src/alerts), escalations and
 * notification retries (src/notify) all append to it; owning it here lets notify write it without
 * importing alerts, which itself tells notify about its changes (one direction: alerts → notify).
 */
export { appendAlertEvent, listAlertEvents, type AlertEvent, type AlertEventRow } from './alert-event-repository.js';
