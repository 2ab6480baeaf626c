/** A session ends after this long without a request (idle expiry). */
export const SESSION_IDLE_MS = 30 * 60_000;
/** A session ends this long after login whatever happens (absolute expiry). */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
/** A half-finished login (password ok, second factor pending) lasts this long. */
export const SESSION_PENDING_MS = 10 * 60_000;
/** last_seen_at is written at most this often, not on every request. */
export const SESSION_TOUCH_MS = 60_000;
/** Login delays (see login-throttle.ts): failures each key may make before it waits, and the caps. */
export const ADDRESS_FREE_FAILURES = 5;
export const ADDRESS_FAILURE_WINDOW_MS = 60 * 60_000;
export const ADDRESS_MAX_DELAY_MS = 15 * 60_000;
export const ACCOUNT_FREE_FAILURES = 5;
export const ACCOUNT_FAILURE_WINDOW_MS = 15 * 60_000;
export const ACCOUNT_MAX_DELAY_MS = 30_000;
/** An address the account signed in from within this long is exempt from the account's delay. */
export const KNOWN_ADDRESS_MS = 30 * 24 * 60 * 60_000;
/** Wrong codes one half-signed-in session may send before it is ended (the password is asked again). */
export const SESSION_MAX_CODE_FAILURES = 5;

export const SESSION_COOKIE = 'pw_session';
/** The pre-login CSRF cookie (double submit), for the login form and JSON login. */
export const LOGIN_CSRF_COOKIE = 'pw_csrf';

/** Where a session stands: second factor pending, TOTP enrolment required, or fully signed in. */
export type SessionStage = 'totp' | 'enrol' | 'full';
