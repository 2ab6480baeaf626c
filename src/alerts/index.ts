export {
  recordThreat,
  incidentLockKey,
  PendingFigures,
  writeBatchFigures,
  type ThreatEvidence,
  type GroupingPolicy,
  type RecordResult,
} from './record-threat.js';
export { lockIncidentKey, lockIncidentKeys, listAlerts, type AlertListFilter } from './alert-repository.js';
export { BatchIncidents, isoMicros, type BatchThreat } from './batch-incidents.js';
export { listAlertEvents, type AlertEventRow } from '../alert-events/index.js';
export { insertAlert } from './alert-repository.js';
export type { AlertRow } from './alert-row.js';
export { alertFigures, type AlertFigures, type CampaignPolicy, type EvidenceStats } from './alert-figures.js';
export { ALERT_STATUSES, isAlertStatus, isClosed, type AlertStatus } from '../vocabulary/index.js';
export { alertSummarySchema, toAlertSummary, type AlertSummary } from './alert-summary.js';
export { STATUS_ACTIONS, nextStatus, type StatusAction } from './triage-transitions.js';
export { TriageError, type TriageErrorCode } from './triage-errors.js';
export { queryAlerts, countAlertsByStatus, inScope, type AlertQuery, type AlertPage, type AlertSort, type PlaceScope } from './triage-query.js';
export {
  findAlert,
  listEvidence,
  listEvidenceClusters,
  listEvidenceTimes,
  lastHumanActions,
  listAlertsChangedSince,
  type EvidenceCluster,
  type EvidencePost,
} from './triage-repository.js';
export { applyStatusAction, assignAlert, addNote, mergeAlerts, splitCluster, splitPost, type TriageActor } from './triage-service.js';
export { applyBulkAction, type BulkAction, type BulkResult } from './triage-bulk.js';
export { createSilence, stopSilence, MAX_SILENCE_MS } from './triage-silences.js';
export { listSilences, listSilencesExpiredBetween, type SilenceRow, type NewSilence } from './silence-repository.js';
export { publishAlertChanges, alertChangesChannel } from './alert-changes.js';
export { placeActivity, dayKeys, type PlaceActivity, type PlaceDay } from './place-activity.js';
