/** Where an alert stands in triage; `merged` alerts hold no evidence and point at the alert they joined. */
export const ALERT_STATUSES = ['new', 'acknowledged', 'escalated', 'resolved', 'false_positive', 'merged'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Statuses in which new evidence needs someone's attention again. */
export function isClosed(status: string): boolean {
  return status === 'resolved' || status === 'false_positive';
}

/** Narrows text from outside (a CLI flag, a form) to a status. */
export function isAlertStatus(value: string): value is AlertStatus {
  return (ALERT_STATUSES as readonly string[]).includes(value);
}
