import type { Kysely } from 'kysely';
import type { RedisClient } from '../queue/index.js';
import type { Database } from '../db/index.js';
import { appendAudit, burnPasswordCheck, findUserByEmail, findUserById, isUserRole, roleRequiresTotp, verifyPassword, type UserRow } from '../users/index.js';
import { loginDelayMs, recordLoginAttempt } from './login-throttle.js';
import { announceRevocation } from './revocation-channel.js';
import { createSession, promoteSession, revokeOtherSessions, revokeSession, setEnrolSecret, type SessionRow } from './session-repository.js';
import { SESSION_MAX_CODE_FAILURES, SESSION_PENDING_MS, type SessionStage } from './session-policy.js';
import { newTotpSecret, verifyTotp } from './totp.js';
import { openTotpSecret, sealTotpSecret } from './totp-secret-box.js';

/**
 * Why a step failed. `LOGIN_LOCKED`: too many recent failures, wait `retryAfterMs` (a delay, never a
 * lockout). `TOTP_CURRENT_REQUIRED`: replacing an authenticator needs a code from the current one.
 * `ENROL_FORBIDDEN`: this session may not enrol (its second factor is still pending).
 */
export type LoginFailure = 'LOGIN_FAILED' | 'LOGIN_LOCKED' | 'TOTP_INVALID' | 'TOTP_CURRENT_REQUIRED' | 'ENROL_FORBIDDEN';

export type LoginStep =
  | { readonly ok: false; readonly code: LoginFailure; readonly retryAfterMs?: number }
  | { readonly ok: true; readonly user: UserRow; readonly stage: SessionStage; readonly secret: string; readonly session: SessionRow };

export interface LoginDeps {
  readonly db: Kysely<Database>;
  readonly redis: RedisClient;
  readonly keyPrefix: string;
  /** Key that seals TOTP secrets at rest (see stored-secret-key.ts). */
  readonly secretKey: Buffer;
}

/**
 * Checks email and password and opens a session at the right stage: `totp` when the user has a
 * second factor, `enrol` when the role requires one not yet set up, otherwise `full`. An optional
 * `totp` code finishes both steps at once (API clients). Failures never say which part was wrong.
 */
export async function loginWithPassword(
  deps: LoginDeps,
  input: { email: string; password: string; totp?: string | undefined; ip: string | null; userAgent?: string | undefined },
): Promise<LoginStep> {
  const { db } = deps;
  const wait = await loginDelayMs(db, input.email, input.ip);
  if (wait > 0) {
    await burnPasswordCheck(input.password);
    return { ok: false, code: 'LOGIN_LOCKED', retryAfterMs: wait };
  }
  const user = await findUserByEmail(db, input.email);
  const passwordOk = user ? await verifyPassword(input.password, user.password_hash) : (await burnPasswordCheck(input.password), false);
  if (!user || !passwordOk || user.disabled || !isUserRole(user.role)) {
    await recordLoginAttempt(db, input.email, input.ip, false);
    return { ok: false, code: 'LOGIN_FAILED' };
  }
  const stage: SessionStage = user.totp_secret ? 'totp' : roleRequiresTotp(user.role) ? 'enrol' : 'full';
  if (stage === 'totp' && input.totp !== undefined) {
    if (!(await codeMatches(deps, user, user.totp_secret!, input.totp))) {
      await recordLoginAttempt(db, input.email, input.ip, false);
      return { ok: false, code: 'TOTP_INVALID' };
    }
    return finish(deps, user, await createSession(db, { userId: user.id, stage: 'full', ip: input.ip, userAgent: input.userAgent }), input.ip);
  }
  const opened = await createSession(db, {
    userId: user.id,
    stage,
    ip: input.ip,
    userAgent: input.userAgent,
    enrolSecret: stage === 'enrol' ? sealTotpSecret(deps.secretKey, newTotpSecret()) : null,
  });
  if (stage === 'full') return finish(deps, user, opened, input.ip);
  return { ok: true, user, stage, ...opened, session: opened.row };
}

/**
 * Second step: the code from the user's authenticator turns a `totp` session into a full one. The
 * login delays apply here too, and a session that sends SESSION_MAX_CODE_FAILURES wrong codes is
 * ended, so the password must be entered again before any more guesses.
 */
export async function completeTotp(deps: LoginDeps, session: SessionRow, code: string, ip: string | null): Promise<LoginStep> {
  const user = await findUserById(deps.db, session.user_id);
  if (!user || user.disabled || !user.totp_secret || session.stage !== 'totp') return { ok: false, code: 'LOGIN_FAILED' };
  const wait = await loginDelayMs(deps.db, user.email, ip);
  if (wait > 0) return { ok: false, code: 'LOGIN_LOCKED', retryAfterMs: wait };
  if (!(await codeMatches(deps, user, user.totp_secret, code))) return wrongCode(deps, user, session, ip);
  return finish(deps, user, await promoteSession(deps.db, session), ip);
}

/**
 * The plain secret being enrolled in this session (shown once as key and URI), created on first
 * ask. Only a session at the `enrol` stage of a user with no authenticator yet, or a fully signed-in
 * one, may enrol: a password alone (a `totp` session) must never reach a new second factor.
 */
export async function enrolmentSecret(deps: LoginDeps, session: SessionRow): Promise<{ ok: true; secret: string } | { ok: false; code: LoginFailure }> {
  const user = await findUserById(deps.db, session.user_id);
  if (!user || user.disabled) return { ok: false, code: 'LOGIN_FAILED' };
  if (!mayEnrol(session, user)) return { ok: false, code: 'ENROL_FORBIDDEN' };
  if (session.enrol_secret) return { ok: true, secret: openTotpSecret(deps.secretKey, session.enrol_secret) };
  const secret = newTotpSecret();
  await setEnrolSecret(deps.db, session.id, sealTotpSecret(deps.secretKey, secret));
  return { ok: true, secret };
}

/**
 * Enrolment: a valid code for the secret shown saves it and signs the user in. Replacing an existing
 * authenticator (full session) also needs `currentCode` from the old one. The secret is cleared from
 * the session once saved, and the user's other sessions end: whoever held them proved nothing new.
 */
export async function completeEnrolment(
  deps: LoginDeps,
  session: SessionRow,
  input: { code: string; currentCode?: string | undefined },
  ip: string | null,
): Promise<LoginStep> {
  const user = await findUserById(deps.db, session.user_id);
  if (!user || user.disabled) return { ok: false, code: 'LOGIN_FAILED' };
  if (!mayEnrol(session, user)) return { ok: false, code: 'ENROL_FORBIDDEN' };
  if (!session.enrol_secret) return { ok: false, code: 'LOGIN_FAILED' };
  const wait = await loginDelayMs(deps.db, user.email, ip);
  if (wait > 0) return { ok: false, code: 'LOGIN_LOCKED', retryAfterMs: wait };
  if (user.totp_secret) {
    if (input.currentCode === undefined) return { ok: false, code: 'TOTP_CURRENT_REQUIRED' };
    if (!(await codeMatches(deps, user, user.totp_secret, input.currentCode))) return wrongCode(deps, user, session, ip);
  }
  if (!(await codeMatches(deps, user, session.enrol_secret, input.code))) return { ok: false, code: 'TOTP_INVALID' };
  const promoted = await deps.db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ totp_secret: session.enrol_secret }).where('id', '=', user.id).execute();
    await setEnrolSecret(tx, session.id, null);
    const kept = session.stage === 'full' ? { secret: '', row: session } : await promoteSession(tx, session);
    await revokeOtherSessions(tx, user.id, kept.row.id);
    await appendAudit(tx, {
      actor: user.email,
      action: 'user.totp_enrol',
      subjectType: 'user',
      subjectId: String(user.id),
      before: { totp: user.totp_secret !== null },
      after: { totp: true, other_sessions_ended: true },
    });
    return kept;
  });
  await announceRevocation(deps.redis, deps.keyPrefix, user.id);
  return finish(deps, { ...user, totp_secret: session.enrol_secret }, promoted, ip);
}

/** Enrol at the `enrol` stage only while the user has no authenticator; otherwise only when fully signed in. */
function mayEnrol(session: SessionRow, user: UserRow): boolean {
  return session.stage === 'full' || (session.stage === 'enrol' && user.totp_secret === null);
}

async function codeMatches(deps: LoginDeps, user: UserRow, sealed: string, code: string): Promise<boolean> {
  return verifyTotp(deps.redis, deps.keyPrefix, user.id, openTotpSecret(deps.secretKey, sealed), code);
}

/** Counts a wrong code against the account and the session; the session ends at the limit. */
async function wrongCode(deps: LoginDeps, user: UserRow, session: SessionRow, ip: string | null): Promise<LoginStep> {
  await recordLoginAttempt(deps.db, user.email, ip, false);
  const key = `${deps.keyPrefix}:totp-failures:${session.id}`;
  const failures = await deps.redis.incr(key);
  if (failures === 1) await deps.redis.pexpire(key, SESSION_PENDING_MS);
  if (failures >= SESSION_MAX_CODE_FAILURES) await revokeSession(deps.db, session.id);
  return { ok: false, code: 'TOTP_INVALID' };
}

async function finish(deps: LoginDeps, user: UserRow, opened: { secret: string; row: SessionRow }, ip: string | null): Promise<LoginStep> {
  await recordLoginAttempt(deps.db, user.email, ip, true);
  return { ok: true, user, stage: 'full', secret: opened.secret, session: opened.row };
}
