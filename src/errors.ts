/**
 * Stable error codes of the whole service, grouped by the module that raises them; scripts, tests and
 * API clients match on these, never on message text. How each answers over HTTP is decided in one
 * table, src/api/error-status.ts.
 */
export type ErrorCode = CoreErrorCode | TriageErrorCode | NotifyErrorCode | ApiErrorCode;

/** Start-up, config, feeds and command-line input. */
export type CoreErrorCode =
  | 'CONFIG_INVALID'
  | 'ENV_INVALID'
  | 'DATABASE_UNREACHABLE'
  | 'REDIS_UNREACHABLE'
  | 'REDIS_MISCONFIGURED'
  | 'REDIS_NOT_INSTALLED'
  | 'FEED_FETCH_FAILED'
  | 'FEED_PARSE_FAILED'
  | 'FEED_BLOCKED_ADDRESS'
  | 'FEED_RATE_LIMITED'
  | 'INPUT_INVALID'
  | 'ANALYSIS_INCOMPLETE'
  | 'NOT_FOUND';

/** Triage requests (src/alerts) that cannot be carried out. */
export type TriageErrorCode = 'ALERT_NOT_FOUND' | 'INVALID_TRANSITION' | 'INVALID_REQUEST';

/** Delivery and subscription failures (src/notify). */
export type NotifyErrorCode =
  | 'NOTIFY_BLOCKED_ADDRESS'
  | 'NOTIFY_REDIRECT_REFUSED'
  | 'NOTIFY_HTTP_STATUS'
  | 'NOTIFY_TIMEOUT'
  | 'NOTIFY_NETWORK'
  | 'NOTIFY_SECRET_MISSING'
  | 'NOTIFY_MISCONFIGURED'
  | 'NOTIFY_SMTP'
  | 'SUBSCRIPTION_FORBIDDEN'
  | 'SUBSCRIPTION_NOT_FOUND'
  | 'NOTIFICATION_NOT_FOUND'
  | 'NOTIFICATION_NOT_RETRYABLE';

/** The codes the HTTP API answers with (src/api); every other code is translated to one of these. */
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

/**
 * The root of every error raised on purpose: a stable `code`, a one-line message naming the file,
 * field, feed or item at fault, and the same context as data for logs. Modules that need more
 * (NotifyError's retry hints) extend it; the CLI prints any of them as `placewatch: CODE: message`.
 */
export class PlacewatchError extends Error {
  readonly code: ErrorCode;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, context: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PlacewatchError';
    this.code = code;
    this.context = context;
  }
}

/** True for errors raised on purpose with a user-facing message. */
export function isPlacewatchError(error: unknown): error is PlacewatchError {
  return error instanceof PlacewatchError;
}

/** The message of any thrown value, for logs and one-line CLI errors. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
