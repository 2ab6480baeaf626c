import { sql, type Kysely } from 'kysely';
import { storedSecretKey } from '../src/auth/stored-secret-key.js';
import { isSealedSecret, openTotpSecret, sealTotpSecret } from '../src/auth/totp-secret-box.js';

/**
 * Second-factor secrets at rest: TOTP secrets written in plain text before this version are sealed
 * with the stored-secret key (PLACEWATCH_SECRET_KEY, or the data directory's key file; see
 * src/auth/stored-secret-key.ts), enrolment secrets of ended sessions are dropped, and login
 * attempts get the per-address index the login delays query.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const key = lazyKey();
  const users = await db.selectFrom('users').select(['id', 'totp_secret']).where('totp_secret', 'is not', null).execute();
  for (const user of users as Array<{ id: number; totp_secret: string }>) {
    if (isSealedSecret(user.totp_secret)) continue;
    await db
      .updateTable('users')
      .set({ totp_secret: sealTotpSecret(key(), user.totp_secret) })
      .where('id', '=', user.id)
      .execute();
  }

  // A secret in an ended session can never be used again; only a live enrolment keeps its own, sealed.
  await db
    .updateTable('sessions')
    .set({ enrol_secret: null })
    .where('enrol_secret', 'is not', null)
    .where((eb) => eb.or([eb('revoked_at', 'is not', null), eb('expires_at', '<=', sql<Date>`now()`)]))
    .execute();
  const pending = await db.selectFrom('sessions').select(['id', 'enrol_secret']).where('enrol_secret', 'is not', null).execute();
  for (const session of pending as Array<{ id: string; enrol_secret: string }>) {
    if (isSealedSecret(session.enrol_secret)) continue;
    await db
      .updateTable('sessions')
      .set({ enrol_secret: sealTotpSecret(key(), session.enrol_secret) })
      .where('id', '=', session.id)
      .execute();
  }

  await db.schema.createIndex('login_attempts_ip_idx').on('login_attempts').columns(['ip', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('login_attempts_ip_idx').ifExists().execute();
  const key = lazyKey();
  const users = await db.selectFrom('users').select(['id', 'totp_secret']).where('totp_secret', 'is not', null).execute();
  for (const user of users as Array<{ id: number; totp_secret: string }>) {
    if (!isSealedSecret(user.totp_secret)) continue;
    await db
      .updateTable('users')
      .set({ totp_secret: openTotpSecret(key(), user.totp_secret) })
      .where('id', '=', user.id)
      .execute();
  }
  await db.updateTable('sessions').set({ enrol_secret: null }).where('enrol_secret', 'is not', null).execute();
}

/** The key is looked up only when a secret needs it, so an empty database never creates a key file. */
function lazyKey(): () => Buffer {
  let key: Buffer | undefined;
  return () => (key ??= storedSecretKey(process.env));
}
