/** Stable error codes; scripts and tests match on these, never on message text. */
export type ErrorCode =
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

/**
 * An error a user can act on: a stable `code`, a one-line message naming the file, field,
 * feed or item at fault, and the same context as data for logs.
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
