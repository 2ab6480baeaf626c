export { recordThreat, type ThreatEvidence, type GroupingPolicy, type RecordResult } from './record-threat.js';
export { listAlerts, listAlertEvents, type AlertRow, type AlertListFilter } from './alert-repository.js';
export { ALERT_STATUSES, isClosed, type AlertStatus } from './alert-status.js';
export { toAlertSummary, type AlertSummary } from './alert-summary.js';
