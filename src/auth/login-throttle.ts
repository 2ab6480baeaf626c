import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import {
  ACCOUNT_FREE_FAILURES,
  ACCOUNT_MAX_DELAY_MS,
  ACCOUNT_FAILURE_WINDOW_MS,
  ADDRESS_FREE_FAILURES,
  ADDRESS_MAX_DELAY_MS,
  ADDRESS_FAILURE_WINDOW_MS,
  KNOWN_ADDRESS_MS,
} from './session-policy.js';

/** Records one login attempt (success or failure) for an email; a wrong second-factor code is a failure. */
export async function recordLoginAttempt(db: Kysely<Database>, email: string, ip: string | null, success: boolean): Promise<void> {
  await db
    .insertInto('login_attempts')
    .values({ email: email.toLowerCase().slice(0, 320), ip, success })
    .execute();
}

/**
 * How long (ms) a login step for `email` from `ip` must wait; 0 when it may go ahead. Growing delays
 * replace a hard lockout, so an attacker who knows an officer's email cannot lock the officer out:
 *
 * - per address: after ADDRESS_FREE_FAILURES failures in the window (any accounts), each further try
 *   waits 1 s, 2 s, 4 s … up to 15 min after the address's last failure. This is what stops one
 *   machine guessing, and it never touches anyone at another address.
 * - per account: after ACCOUNT_FREE_FAILURES failures since the account's last success, 1 s, 2 s …
 *   but never more than ACCOUNT_MAX_DELAY_MS (30 s), which still slows guessing spread over many
 *   addresses to a few tries a minute. It is skipped for an address the account signed in from
 *   before (KNOWN_ADDRESS_MS): the officer at their usual address is not slowed by strangers.
 *
 * A refused try is not recorded, so hammering does not lengthen the wait: the right password from
 * a fresh address gets in after at most ACCOUNT_MAX_DELAY_MS from the attacker's last counted try.
 */
export async function loginDelayMs(db: Kysely<Database>, email: string, ip: string | null, now = new Date()): Promise<number> {
  const account = email.toLowerCase();
  const waits = [await accountWait(db, account, ip, now)];
  if (ip) waits.push(await addressWait(db, ip, now));
  return Math.max(0, ...waits);
}

async function addressWait(db: Kysely<Database>, ip: string, now: Date): Promise<number> {
  const since = new Date(now.getTime() - ADDRESS_FAILURE_WINDOW_MS);
  // Successes do not reset the address count: an attacker could sign in to an account of their own.
  const row = await sql<{ failures: number; last: Date | null }>`
    select count(*)::int as failures, max(created_at) as last from login_attempts
    where ip = ${ip} and not success and created_at > ${since}`.execute(db);
  return waitAfter(row.rows[0], ADDRESS_FREE_FAILURES, ADDRESS_MAX_DELAY_MS, now);
}

async function accountWait(db: Kysely<Database>, email: string, ip: string | null, now: Date): Promise<number> {
  if (ip && (await signedInFrom(db, email, ip, now))) return 0;
  const since = new Date(now.getTime() - ACCOUNT_FAILURE_WINDOW_MS);
  const row = await sql<{ failures: number; last: Date | null }>`
    select count(*)::int as failures, max(created_at) as last from login_attempts
    where email = ${email} and not success and created_at > ${since}
      and created_at > coalesce((select max(created_at) from login_attempts
                                 where email = ${email} and success), '-infinity')`.execute(db);
  return waitAfter(row.rows[0], ACCOUNT_FREE_FAILURES, ACCOUNT_MAX_DELAY_MS, now);
}

async function signedInFrom(db: Kysely<Database>, email: string, ip: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('login_attempts')
    .select('id')
    .where('email', '=', email)
    .where('ip', '=', ip)
    .where('success', '=', true)
    .where('created_at', '>', new Date(now.getTime() - KNOWN_ADDRESS_MS))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** 1 s after the first failure beyond the free ones, doubling each time, up to `maxMs`. */
function waitAfter(row: { failures: number; last: Date | null } | undefined, free: number, maxMs: number, now: Date): number {
  if (!row?.last || row.failures <= free) return 0;
  const delay = Math.min(maxMs, 1000 * 2 ** Math.min(row.failures - free - 1, 30));
  return Math.max(0, new Date(row.last).getTime() + delay - now.getTime());
}
