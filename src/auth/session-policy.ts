/** A session ends after this long without a request (idle expiry). */
export const SESSION_IDLE_MS = 30 * 60_000;
/** A session ends this long after login whatever happens (absolute expiry). */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
/** A half-finished login (password ok, second factor pending) lasts this long. */
export const SESSION_PENDING_MS = 10 * 60_000;
/** last_seen_at is written at most this often, not on every request. */
export const SESSION_TOUCH_MS = 60_000;
/** Failed logins per email within the window before the email is refused for a while. */
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;

export const SESSION_COOKIE = 'pw_session';
/** The pre-login CSRF cookie (double submit), for the login form and JSON login. */
export const LOGIN_CSRF_COOKIE = 'pw_csrf';

/** Where a session stands: second factor pending, TOTP enrolment required, or fully signed in. */
export type SessionStage = 'totp' | 'enrol' | 'full';
