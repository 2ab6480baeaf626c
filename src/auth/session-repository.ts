import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { hashSecret, newSecret } from './secret-token.js';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, SESSION_PENDING_MS, SESSION_TOUCH_MS, type SessionStage } from './session-policy.js';

export interface SessionRow {
  readonly id: string;
  readonly user_id: number;
  readonly csrf_token: string;
  readonly stage: string;
  readonly enrol_secret: string | null;
  readonly created_at: Date;
  readonly last_seen_at: Date;
  readonly expires_at: Date;
  readonly revoked_at: Date | null;
}

export interface NewSession {
  readonly userId: number;
  readonly stage: SessionStage;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
  readonly enrolSecret?: string | null;
}

/** Opens a session; returns the cookie secret (shown to the browser once) and the row. */
export async function createSession(db: Kysely<Database>, session: NewSession): Promise<{ secret: string; row: SessionRow }> {
  const { secret, hash } = newSecret();
  const lifetime = session.stage === 'full' ? SESSION_ABSOLUTE_MS : SESSION_PENDING_MS;
  const row = await db
    .insertInto('sessions')
    .values({
      id: hash,
      user_id: session.userId,
      csrf_token: randomBytes(24).toString('base64url'),
      stage: session.stage,
      enrol_secret: session.enrolSecret ?? null,
      ip: session.ip ?? null,
      user_agent: session.userAgent?.slice(0, 300) ?? null,
      expires_at: new Date(Date.now() + lifetime),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { secret, row };
}

/** The live session behind a cookie secret: not revoked, not past its absolute or idle expiry. */
export async function findLiveSession(db: Kysely<Database>, secret: string, now = new Date()): Promise<SessionRow | undefined> {
  const row = await db.selectFrom('sessions').selectAll().where('id', '=', hashSecret(secret)).executeTakeFirst();
  if (!row || row.revoked_at) return undefined;
  if (new Date(row.expires_at) <= now) return undefined;
  if (now.getTime() - new Date(row.last_seen_at).getTime() > SESSION_IDLE_MS) return undefined;
  return row;
}

/**
 * True while a session (found by id, as open streams hold it) is usable: not revoked, not expired
 * or idle, and its user not disabled.
 */
export async function isSessionLive(db: Kysely<Database>, id: string, now = new Date()): Promise<boolean> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.revoked_at', 'sessions.expires_at', 'sessions.last_seen_at', 'users.disabled'])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row || row.revoked_at || row.disabled) return false;
  return new Date(row.expires_at) > now && now.getTime() - new Date(row.last_seen_at).getTime() <= SESSION_IDLE_MS;
}

/** Records activity, at most once a minute, which pushes the idle expiry forward. */
export async function touchSession(db: Kysely<Database>, row: SessionRow, now = new Date()): Promise<void> {
  if (now.getTime() - new Date(row.last_seen_at).getTime() < SESSION_TOUCH_MS) return;
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', row.id).execute();
}

/** Ends a session; an enrolment secret it held goes with it (no secret outlives its session). */
export async function revokeSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: new Date(), enrol_secret: null }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Ends every live session of a user except `keepId` (after a new authenticator, say). */
export async function revokeOtherSessions(db: Kysely<Database>, userId: number, keepId: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: new Date(), enrol_secret: null })
    .where('user_id', '=', userId)
    .where('id', '!=', keepId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Keeps the (sealed) secret being enrolled with the session that shows it. */
export async function setEnrolSecret(db: Kysely<Database>, id: string, sealedSecret: string | null): Promise<void> {
  await db.updateTable('sessions').set({ enrol_secret: sealedSecret }).where('id', '=', id).execute();
}

/**
 * Replaces a half-finished session with a fully signed-in one under a new secret, so a secret
 * seen before the second factor (fixation) never becomes a full session.
 */
export async function promoteSession(db: Kysely<Database>, old: SessionRow): Promise<{ secret: string; row: SessionRow }> {
  await revokeSession(db, old.id);
  return createSession(db, { userId: old.user_id, stage: 'full' });
}
