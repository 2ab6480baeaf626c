/** Stable error codes of the HTTP API; clients match on these, never on messages. */
export type ApiErrorCode =
  | 'AUTH_REQUIRED'
  | 'TOKEN_INVALID'
  | 'FORBIDDEN'
  | 'CSRF_INVALID'
  | 'LOGIN_FAILED'
  | 'LOGIN_LOCKED'
  | 'TOTP_INVALID'
  | 'RATE_LIMITED'
  | 'INPUT_INVALID'
  | 'NOT_FOUND'
  | 'ALERT_NOT_FOUND'
  | 'INVALID_TRANSITION'
  | 'INVALID_REQUEST'
  | 'INTERNAL';

/** An HTTP error with a status, a stable code and a message a user can act on. */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: ApiErrorCode;

  constructor(statusCode: number, code: ApiErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.code = code;
  }
}
