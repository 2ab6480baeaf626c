import { PlacewatchError, type ApiErrorCode } from '../errors.js';

export type { ApiErrorCode } from '../errors.js';

/**
 * An error raised by the HTTP layer itself (authentication, CSRF, a bad query), with a message a
 * user can act on; its status comes from the one code → status table (error-status.ts).
 */
export class ApiError extends PlacewatchError {
  declare readonly code: ApiErrorCode;

  constructor(code: ApiErrorCode, message: string, context: Record<string, unknown> = {}) {
    super(code, message, context);
    this.name = 'ApiError';
  }
}
