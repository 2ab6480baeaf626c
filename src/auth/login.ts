import type { Kysely } from 'kysely';
import type { Redis } from 'ioredis';
import type { Database } from '../db/schema.js';
import { appendAudit, burnPasswordCheck, findUserByEmail, findUserById, isUserRole, roleRequiresTotp, updateUser, verifyPassword, type UserRow } from '../users/index.js';
import { isLoginLocked, recordLoginAttempt } from './login-throttle.js';
import { createSession, promoteSession, type SessionRow } from './session-repository.js';
import type { SessionStage } from './session-policy.js';
import { newTotpSecret, verifyTotp } from './totp.js';

export type LoginFailure = 'LOGIN_FAILED' | 'LOGIN_LOCKED' | 'TOTP_INVALID';

export type LoginStep =
  | { readonly ok: false; readonly code: LoginFailure }
  | { readonly ok: true; readonly user: UserRow; readonly stage: SessionStage; readonly secret: string; readonly session: SessionRow };

export interface LoginDeps {
  readonly db: Kysely<Database>;
  readonly redis: Redis;
  readonly keyPrefix: string;
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
  if (await isLoginLocked(db, input.email)) {
    await burnPasswordCheck(input.password);
    return { ok: false, code: 'LOGIN_LOCKED' };
  }
  const user = await findUserByEmail(db, input.email);
  const passwordOk = user ? await verifyPassword(input.password, user.password_hash) : (await burnPasswordCheck(input.password), false);
  if (!user || !passwordOk || user.disabled || !isUserRole(user.role)) {
    await recordLoginAttempt(db, input.email, input.ip, false);
    return { ok: false, code: 'LOGIN_FAILED' };
  }
  const stage: SessionStage = user.totp_secret ? 'totp' : roleRequiresTotp(user.role) ? 'enrol' : 'full';
  if (stage === 'totp' && input.totp !== undefined) {
    if (!(await verifyTotp(deps.redis, deps.keyPrefix, user.id, user.totp_secret!, input.totp))) {
      await recordLoginAttempt(db, input.email, input.ip, false);
      return { ok: false, code: 'TOTP_INVALID' };
    }
    return finish(deps, user, await createSession(db, { userId: user.id, stage: 'full', ip: input.ip, userAgent: input.userAgent }), input.ip);
  }
  const opened = await createSession(db, {
    userId: user.id, stage, ip: input.ip, userAgent: input.userAgent, enrolSecret: stage === 'enrol' ? newTotpSecret() : null,
  });
  if (stage === 'full') return finish(deps, user, opened, input.ip);
  return { ok: true, user, stage, ...opened, session: opened.row };
}

/** Second step: the code from the user's authenticator turns a `totp` session into a full one. */
export async function completeTotp(deps: LoginDeps, session: SessionRow, code: string, ip: string | null): Promise<LoginStep> {
  const user = await findUserById(deps.db, session.user_id);
  if (!user || user.disabled || !user.totp_secret || session.stage !== 'totp') return { ok: false, code: 'LOGIN_FAILED' };
  if (!(await verifyTotp(deps.redis, deps.keyPrefix, user.id, user.totp_secret, code))) {
    await recordLoginAttempt(deps.db, user.email, ip, false);
    return { ok: false, code: 'TOTP_INVALID' };
  }
  return finish(deps, user, await promoteSession(deps.db, session), ip);
}

/** Enrolment: a valid code for the secret shown on the enrol screen saves it and signs the user in. */
export async function completeEnrolment(deps: LoginDeps, session: SessionRow, code: string, ip: string | null): Promise<LoginStep> {
  const user = await findUserById(deps.db, session.user_id);
  if (!user || user.disabled || !session.enrol_secret) return { ok: false, code: 'LOGIN_FAILED' };
  if (!(await verifyTotp(deps.redis, deps.keyPrefix, user.id, session.enrol_secret, code))) return { ok: false, code: 'TOTP_INVALID' };
  await updateUser(deps.db, user.id, { totp_secret: session.enrol_secret });
  await appendAudit(deps.db, {
    actor: user.email, action: 'user.totp_enrol', subjectType: 'user', subjectId: String(user.id),
    before: { totp: user.totp_secret !== null }, after: { totp: true },
  });
  const promoted = session.stage === 'full' ? { secret: '', row: session } : await promoteSession(deps.db, session);
  return finish(deps, { ...user, totp_secret: session.enrol_secret }, promoted, ip);
}

async function finish(deps: LoginDeps, user: UserRow, opened: { secret: string; row: SessionRow }, ip: string | null): Promise<LoginStep> {
  await recordLoginAttempt(deps.db, user.email, ip, true);
  return { ok: true, user, stage: 'full', secret: opened.secret, session: opened.row };
}
