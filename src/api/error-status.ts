import type { ApiErrorCode, ErrorCode } from '../errors.js';

/** How an error code answers over HTTP: the status, the code the client sees, and whether its message is shown. */
export interface HttpAnswer {
  readonly status: number;
  readonly code: ApiErrorCode;
  /** False for server faults whose message may name internals (hosts, paths): the client reads "internal error". */
  readonly expose: boolean;
}

const shown = (status: number, code: ApiErrorCode): HttpAnswer => ({ status, code, expose: true });
/** A server fault: logged with its message, answered as a bare 500. */
const hidden: HttpAnswer = { status: 500, code: 'INTERNAL', expose: false };

/**
 * The one place an error code becomes an HTTP status. Typed over every code, so a new code does not
 * compile until it is given an answer here.
 */
const ANSWERS: { readonly [C in ErrorCode]: HttpAnswer } = {
  // Raised by the API itself.
  AUTH_REQUIRED: shown(401, 'AUTH_REQUIRED'),
  TOKEN_INVALID: shown(401, 'TOKEN_INVALID'),
  LOGIN_FAILED: shown(401, 'LOGIN_FAILED'),
  TOTP_INVALID: shown(401, 'TOTP_INVALID'),
  FORBIDDEN: shown(403, 'FORBIDDEN'),
  CSRF_INVALID: shown(403, 'CSRF_INVALID'),
  LOGIN_LOCKED: shown(429, 'LOGIN_LOCKED'),
  RATE_LIMITED: shown(429, 'RATE_LIMITED'),
  INTERNAL: shown(500, 'INTERNAL'),
  // Input and lookups, from any module.
  INPUT_INVALID: shown(400, 'INPUT_INVALID'),
  NOT_FOUND: shown(404, 'NOT_FOUND'),
  // Triage.
  ALERT_NOT_FOUND: shown(404, 'ALERT_NOT_FOUND'),
  INVALID_TRANSITION: shown(409, 'INVALID_TRANSITION'),
  INVALID_REQUEST: shown(400, 'INVALID_REQUEST'),
  // Subscriptions and notifications: an officer is never told that someone else's subscription exists.
  SUBSCRIPTION_NOT_FOUND: shown(404, 'NOT_FOUND'),
  NOTIFICATION_NOT_FOUND: shown(404, 'NOT_FOUND'),
  SUBSCRIPTION_FORBIDDEN: shown(403, 'FORBIDDEN'),
  NOTIFICATION_NOT_RETRYABLE: shown(409, 'INVALID_TRANSITION'),
  NOTIFY_MISCONFIGURED: shown(400, 'INVALID_REQUEST'),
  // A missing PLACEWATCH_SECRET_KEY is the server's fault; the message names the variable, never a secret.
  NOTIFY_SECRET_MISSING: shown(500, 'INTERNAL'),
  NOTIFY_BLOCKED_ADDRESS: shown(500, 'INTERNAL'),
  NOTIFY_REDIRECT_REFUSED: shown(500, 'INTERNAL'),
  NOTIFY_HTTP_STATUS: shown(500, 'INTERNAL'),
  NOTIFY_TIMEOUT: shown(500, 'INTERNAL'),
  NOTIFY_NETWORK: shown(500, 'INTERNAL'),
  NOTIFY_SMTP: shown(500, 'INTERNAL'),
  // Start-up, config and feed failures never reach a client as such.
  CONFIG_INVALID: hidden,
  ENV_INVALID: hidden,
  DATABASE_UNREACHABLE: hidden,
  REDIS_UNREACHABLE: hidden,
  REDIS_MISCONFIGURED: hidden,
  REDIS_NOT_INSTALLED: hidden,
  FEED_FETCH_FAILED: hidden,
  FEED_PARSE_FAILED: hidden,
  FEED_BLOCKED_ADDRESS: hidden,
  FEED_RATE_LIMITED: hidden,
  ANALYSIS_INCOMPLETE: hidden,
};

/** The HTTP answer for an error code; the API's error handler and the UI pages both use it. */
export function httpAnswerOf(code: ErrorCode): HttpAnswer {
  return ANSWERS[code];
}
