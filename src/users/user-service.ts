import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { PlacewatchError } from '../errors.js';
import { appendAudit } from './audit-log.js';
import { generatePassword, hashPassword } from './password.js';
import { isUserRole, USER_ROLES, type UserRole } from './roles.js';
import { findUserByEmail, insertUser, updateUser, type UserRow } from './user-repository.js';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}$/;

/** What callers outside the users module may see of a user (never hashes or secrets). */
export interface PublicUser {
  readonly id: number;
  readonly email: string;
  readonly role: UserRole;
  readonly places: readonly string[];
  readonly disabled: boolean;
  readonly totpEnabled: boolean;
}

/** Strips secrets from a user row. */
export function toPublicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    email: row.email,
    role: isUserRole(row.role) ? row.role : 'officer',
    places: row.places,
    disabled: row.disabled,
    totpEnabled: row.totp_secret !== null,
  };
}

export interface AddUserInput {
  readonly email: string;
  readonly role: string;
  readonly places?: readonly string[];
  /** Omitted: a password is generated and returned once. */
  readonly password?: string;
  readonly actor: string;
}

/** Creates a user; returns it and the password when one was generated. */
export async function addUser(db: Kysely<Database>, input: AddUserInput): Promise<{ user: PublicUser; generatedPassword?: string }> {
  const email = input.email.trim();
  if (!EMAIL.test(email)) throw new PlacewatchError('INPUT_INVALID', `not an email address: ${email}`, { email });
  if (!isUserRole(input.role)) {
    throw new PlacewatchError('INPUT_INVALID', `unknown role "${input.role}" (expected ${USER_ROLES.join(', ')})`, { role: input.role });
  }
  if (input.password !== undefined && input.password.length < 12) {
    throw new PlacewatchError('INPUT_INVALID', 'password too short: at least 12 characters');
  }
  const password = input.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const role: UserRole = input.role;
  const user = await db.transaction().execute(async (tx) => {
    if (await findUserByEmail(tx, email)) throw new PlacewatchError('INPUT_INVALID', `a user ${email} already exists`, { email });
    const row = await insertUser(tx, { email, role, passwordHash, places: input.places ?? [] });
    await appendAudit(tx, { actor: input.actor, action: 'user.add', subjectType: 'user', subjectId: String(row.id), after: auditView(row) });
    return row;
  });
  return { user: toPublicUser(user), ...(input.password === undefined ? { generatedPassword: password } : {}) };
}

/** Disables a user and ends their sessions and tokens at once. */
export async function disableUser(db: Kysely<Database>, email: string, actor: string): Promise<PublicUser> {
  return db.transaction().execute(async (tx) => {
    const row = await requireUser(tx, email);
    await updateUser(tx, row.id, { disabled: true });
    await revokeCredentials(tx, row.id);
    await appendAudit(tx, {
      actor,
      action: 'user.disable',
      subjectType: 'user',
      subjectId: String(row.id),
      before: auditView(row),
      after: { ...auditView(row), disabled: true },
    });
    return toPublicUser({ ...row, disabled: true });
  });
}

/**
 * Resets a user to a fresh generated password with no second factor (enrolled again at the next
 * login where the role requires it) and ends their sessions and API tokens: a reset follows a
 * suspected compromise, and a token minted by whoever held the account must die with it. A disabled
 * user stays disabled unless `enable` says otherwise: a reset must not quietly undo a deliberate disable.
 */
export async function resetUser(
  db: Kysely<Database>,
  email: string,
  actor: string,
  options: { enable?: boolean } = {},
): Promise<{ user: PublicUser; password: string }> {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (tx) => {
    const row = await requireUser(tx, email);
    const disabled = options.enable ? false : row.disabled;
    await updateUser(tx, row.id, { password_hash: passwordHash, totp_secret: null, disabled });
    await revokeCredentials(tx, row.id);
    const after = { ...row, totp_secret: null, disabled };
    await appendAudit(tx, { actor, action: 'user.reset', subjectType: 'user', subjectId: String(row.id), before: auditView(row), after: auditView(after) });
    return { user: toPublicUser(after), password };
  });
}

async function requireUser(db: Kysely<Database>, email: string): Promise<UserRow> {
  const row = await findUserByEmail(db, email);
  if (!row) throw new PlacewatchError('NOT_FOUND', `no user ${email}`, { email });
  return row;
}

/** Ends every session (with any enrolment secret it held) and API token of a user. */
async function revokeCredentials(db: Kysely<Database>, userId: number): Promise<void> {
  const now = new Date();
  await db.updateTable('sessions').set({ revoked_at: now, enrol_secret: null }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  await db.updateTable('api_tokens').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

/** The audited view of a user: what changed, never the secrets themselves. */
function auditView(row: UserRow): Record<string, unknown> {
  return { email: row.email, role: row.role, places: row.places, disabled: row.disabled, totp: row.totp_secret !== null };
}
