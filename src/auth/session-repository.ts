import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
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

/** Records activity, at most once a minute, which pushes the idle expiry forward. */
export async function touchSession(db: Kysely<Database>, row: SessionRow, now = new Date()): Promise<void> {
  if (now.getTime() - new Date(row.last_seen_at).getTime() < SESSION_TOUCH_MS) return;
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', row.id).execute();
}

export async function revokeSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

export async function setEnrolSecret(db: Kysely<Database>, id: string, secret: string): Promise<void> {
  await db.updateTable('sessions').set({ enrol_secret: secret }).where('id', '=', id).execute();
}

/**
 * Replaces a half-finished session with a fully signed-in one under a new secret, so a secret
 * seen before the second factor (fixation) never becomes a full session.
 */
export async function promoteSession(db: Kysely<Database>, old: SessionRow): Promise<{ secret: string; row: SessionRow }> {
  await revokeSession(db, old.id);
  return createSession(db, { userId: old.user_id, stage: 'full' });
}
