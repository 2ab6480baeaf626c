import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { PlacewatchError } from '../errors.js';
import { appendAudit, findUserByEmail, type UserRow } from '../users/index.js';
import { hashSecret, newSecret } from './secret-token.js';

/** Prefix of every API token, so leaked tokens are easy to spot in logs and scanners. */
export const API_TOKEN_PREFIX = 'pwt_';

/** Issues an API token for a user; the token is returned once and only its hash is kept. */
export async function createApiToken(
  db: Kysely<Database>,
  email: string,
  options: { name?: string; actor: string },
): Promise<{ token: string; id: number; email: string }> {
  const user = await findUserByEmail(db, email);
  if (!user) throw new PlacewatchError('NOT_FOUND', `no user ${email}`, { email });
  if (user.disabled) throw new PlacewatchError('INPUT_INVALID', `user ${email} is disabled`, { email });
  const { secret, hash } = newSecret(API_TOKEN_PREFIX);
  const name = (options.name ?? 'cli').slice(0, 100);
  const row = await db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('api_tokens')
      .values({ user_id: user.id, name, token_hash: hash, prefix: secret.slice(0, 10) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(tx, {
      actor: options.actor,
      action: 'token.create',
      subjectType: 'api_token',
      subjectId: String(inserted.id),
      after: { user: user.email, name, prefix: secret.slice(0, 10) },
    });
    return inserted;
  });
  return { token: secret, id: row.id, email: user.email };
}

/** The enabled user behind a bearer token, or undefined; records when the token was last used. */
export async function findUserByApiToken(db: Kysely<Database>, token: string): Promise<UserRow | undefined> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return undefined;
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id as token_id', 'api_tokens.last_used_at'])
    .selectAll('users')
    .where('api_tokens.token_hash', '=', hashSecret(token))
    .where('api_tokens.revoked_at', 'is', null)
    .where('users.disabled', '=', false)
    .executeTakeFirst();
  if (!row) return undefined;
  const { token_id, last_used_at, ...user } = row;
  if (!last_used_at || Date.now() - new Date(last_used_at).getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', token_id).execute();
  }
  return user;
}

/** What anyone may see of a token: never the token or its hash, only the prefix that identifies it. */
export interface ApiTokenView {
  readonly id: number;
  readonly user_id: number;
  readonly user_email: string;
  readonly label: string;
  readonly prefix: string;
  readonly created_at: string;
  readonly last_used_at: string | null;
  readonly revoked_at: string | null;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function tokenQuery(db: Kysely<Database>) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.user_id',
      'users.email as user_email',
      'api_tokens.name',
      'api_tokens.prefix',
      'api_tokens.created_at',
      'api_tokens.last_used_at',
      'api_tokens.revoked_at',
    ]);
}

type TokenRow = Awaited<ReturnType<ReturnType<typeof tokenQuery>['executeTakeFirstOrThrow']>>;

function toTokenView(row: TokenRow): ApiTokenView {
  return {
    id: row.id,
    user_id: row.user_id,
    user_email: row.user_email,
    label: row.name,
    prefix: row.prefix,
    created_at: iso(row.created_at)!,
    last_used_at: iso(row.last_used_at),
    revoked_at: iso(row.revoked_at),
  };
}

/**
 * API tokens, newest first: one user's (`userId`), or everyone's when omitted (admins).
 * Revoked tokens are listed too, so their owner sees when and that they were revoked.
 */
export async function listApiTokens(db: Kysely<Database>, filter: { userId?: number } = {}): Promise<ApiTokenView[]> {
  let query = tokenQuery(db);
  if (filter.userId !== undefined) query = query.where('api_tokens.user_id', '=', filter.userId);
  return (await query.orderBy('api_tokens.id', 'desc').limit(500).execute()).map(toTokenView);
}

/** One token as its owner (or an admin) sees it, or undefined. */
export async function findApiToken(db: Kysely<Database>, id: number): Promise<ApiTokenView | undefined> {
  const row = await tokenQuery(db).where('api_tokens.id', '=', id).executeTakeFirst();
  return row ? toTokenView(row) : undefined;
}

/**
 * Revokes a token at once (the next request with it gets 401) and records it in the audit log.
 * `ownerUserId` limits the revocation to that user's tokens: someone else's token is "not found".
 * Revoking a revoked token changes nothing and writes no audit entry.
 */
export async function revokeApiToken(db: Kysely<Database>, id: number, options: { actor: string; ownerUserId?: number }): Promise<ApiTokenView> {
  return db.transaction().execute(async (tx) => {
    const before = await findApiToken(tx, id);
    if (!before || (options.ownerUserId !== undefined && before.user_id !== options.ownerUserId)) {
      throw new PlacewatchError('NOT_FOUND', `no API token ${id}`, { id });
    }
    if (before.revoked_at) return before;
    await tx.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    const after = (await findApiToken(tx, id))!;
    const audit = (t: ApiTokenView) => ({ user: t.user_email, name: t.label, prefix: t.prefix, revoked_at: t.revoked_at });
    await appendAudit(tx, {
      actor: options.actor,
      action: 'token.revoke',
      subjectType: 'api_token',
      subjectId: String(id),
      before: audit(before),
      after: audit(after),
    });
    return after;
  });
}
