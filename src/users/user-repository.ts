import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import type { UserRole } from './roles.js';

export interface UserRow {
  readonly id: number;
  readonly email: string;
  readonly role: string;
  readonly password_hash: string | null;
  readonly totp_secret: string | null;
  readonly places: string[];
  readonly disabled: boolean;
  readonly created_at: Date;
}

/** A user by email, case-insensitively (the unique index is on lower(email)). */
export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('email').execute();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface NewUser {
  readonly email: string;
  readonly role: UserRole;
  readonly passwordHash: string;
  readonly places: readonly string[];
}

export async function insertUser(db: Db, user: NewUser): Promise<UserRow> {
  return db
    .insertInto('users')
    .values({ email: user.email, role: user.role, password_hash: user.passwordHash, places: JSON.stringify(user.places) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type UserUpdate = Partial<{ password_hash: string | null; totp_secret: string | null; disabled: boolean; role: UserRole; places: string[] }>;

export async function updateUser(db: Db, id: number, update: UserUpdate): Promise<void> {
  const { places, ...rest } = update;
  await db
    .updateTable('users')
    .set({ ...rest, ...(places ? { places: JSON.stringify(places) } : {}) })
    .where('id', '=', id)
    .execute();
}
