/** Stable codes of delivery and subscription failures; tests and operators match on these. */
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

/**
 * A failure with a stable code. `permanent` failures (a refused address, a redirect, a missing
 * secret) go straight to the dead letters: retrying cannot fix configuration. `retryAfterMs` is
 * the receiver's Retry-After, which overrides our backoff.
 */
export class NotifyError extends Error {
  readonly code: NotifyErrorCode;
  readonly permanent: boolean;
  readonly statusCode: number | null;
  readonly retryAfterMs: number | null;

  constructor(
    code: NotifyErrorCode,
    message: string,
    options: { permanent?: boolean; statusCode?: number | null; retryAfterMs?: number | null; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NotifyError';
    this.code = code;
    this.permanent = options.permanent ?? false;
    this.statusCode = options.statusCode ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}
