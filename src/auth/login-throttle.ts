import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { LOGIN_FAILURE_WINDOW_MS, LOGIN_MAX_FAILURES } from './session-policy.js';

/** Records one login attempt (success or failure) for an email. */
export async function recordLoginAttempt(db: Kysely<Database>, email: string, ip: string | null, success: boolean): Promise<void> {
  await db.insertInto('login_attempts').values({ email: email.toLowerCase().slice(0, 320), ip, success }).execute();
}

/**
 * True when the email has had too many failures in the window since its last success. This is the
 * per-account brake; the per-address brake is the route's rate limit.
 */
export async function isLoginLocked(db: Kysely<Database>, email: string, now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - LOGIN_FAILURE_WINDOW_MS);
  const row = await sql<{ failures: number }>`
    select count(*)::int as failures from login_attempts
    where email = ${email.toLowerCase()} and not success and created_at > ${since}
      and created_at > coalesce((select max(created_at) from login_attempts
                                 where email = ${email.toLowerCase()} and success), '-infinity')`.execute(db);
  return (row.rows[0]?.failures ?? 0) >= LOGIN_MAX_FAILURES;
}
