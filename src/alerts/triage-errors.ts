/** Stable codes of triage failures; the API maps them to 404, 409 and 400. */
export type TriageErrorCode = 'ALERT_NOT_FOUND' | 'INVALID_TRANSITION' | 'INVALID_REQUEST';

/** A triage request that cannot be carried out, with the alert it concerned. */
export class TriageError extends Error {
  readonly code: TriageErrorCode;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: TriageErrorCode, message: string, context: Record<string, unknown> = {}) {
    super(message);
    this.name = 'TriageError';
    this.code = code;
    this.context = context;
  }
}
