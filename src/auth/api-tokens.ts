import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
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
    await appendAudit(tx, { actor: options.actor, action: 'token.create', subjectType: 'api_token', subjectId: String(inserted.id), after: { user: user.email, name, prefix: secret.slice(0, 10) } });
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
