import { PlacewatchError, type TriageErrorCode } from '../errors.js';

export type { TriageErrorCode } from '../errors.js';

/** A triage request that cannot be carried out, with the alert it concerned. */
export class TriageError extends PlacewatchError {
  declare readonly code: TriageErrorCode;

  constructor(code: TriageErrorCode, message: string, context: Record<string, unknown> = {}) {
    super(code, message, context);
    this.name = 'TriageError';
  }
}
