import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../../src/db/index.js';
import { ADMIN_DATABASE_URL, createTestDatabase, type TestDatabase } from '../../helpers/services.js';

describe('a Postgres connection lost while checked out', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    database = await createTestDatabase('connloss');
    handle = await connectDatabase({ databaseUrl: database.url, dataDir: '/nonexistent' });
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  it('fails the query that follows, not the process, and the pool reconnects', async () => {
    const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
    await admin.connect();
    try {
      const failure = await handle.db.connection().execute(async (connection) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(connection);
        // The server ends this session while we hold it between two queries, as a restart does.
        await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
        await new Promise((r) => setTimeout(r, 300));
        return sql`select 1`.execute(connection).then(
          () => null,
          (error: Error) => error,
        );
      });
      expect(failure).toBeInstanceOf(Error);
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(handle.db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await admin.end();
    }
  });
});
