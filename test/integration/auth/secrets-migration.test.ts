import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kysely, Migrator, PostgresDialect, type Migration } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTotpSecret, storedSecretKey } from '../../../src/auth/index.js';
import type { Database } from '../../../src/db/schema.js';
import { PROJECT_ROOT } from '../../helpers/paths.js';
import { createTestDatabase } from '../../helpers/services.js';

const MIGRATIONS = path.join(PROJECT_ROOT, 'migrations');
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Kysely<Database>;

/** The project's migrations, loaded as the runtime loads them, so the test can stop before the newest. */
async function migrator(): Promise<Migrator> {
  const files = (await readdir(MIGRATIONS)).filter((f) => /^\d{4}_[\w-]+\.ts$/.test(f)).sort();
  const migrations: Record<string, Migration> = {};
  for (const file of files) migrations[file.replace(/\.ts$/, '')] = (await import(pathToFileURL(path.join(MIGRATIONS, file)).href)) as Migration;
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

beforeAll(async () => {
  database = await createTestDatabase('secretsmig');
  db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }) });
});

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

describe('migration 0006: TOTP secrets at rest', () => {
  it('seals plaintext TOTP secrets, drops enrolment secrets of ended sessions and seals live ones', async () => {
    const m = await migrator();
    const before = await m.migrateTo('0005_config_versions');
    expect(before.error).toBeUndefined();
    const plain = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const user = await db
      .insertInto('users')
      .values({ email: 'legacy@example.org', role: 'admin', password_hash: 'x', places: '[]', totp_secret: plain } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const session = (id: string, revoked: boolean) => ({
      id,
      user_id: user.id,
      csrf_token: 'c',
      stage: 'enrol',
      enrol_secret: plain,
      expires_at: new Date(Date.now() + 60_000),
      revoked_at: revoked ? new Date() : null,
    });
    await db
      .insertInto('sessions')
      .values([session('ended', true), session('live', false)])
      .execute();

    const after = await m.migrateToLatest();
    expect(after.error).toBeUndefined();
    const key = storedSecretKey(process.env);
    const stored = (await db.selectFrom('users').select('totp_secret').where('id', '=', user.id).executeTakeFirstOrThrow()).totp_secret!;
    expect(stored).not.toContain(plain);
    expect(openTotpSecret(key, stored)).toBe(plain);
    const sessions = Object.fromEntries((await db.selectFrom('sessions').select(['id', 'enrol_secret']).execute()).map((s) => [s.id, s.enrol_secret]));
    expect(sessions.ended).toBeNull();
    expect(sessions.live).not.toContain(plain);
    expect(openTotpSecret(key, sessions.live!)).toBe(plain);
  });
});
