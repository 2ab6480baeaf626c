import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../../src/db/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';

describe('the sessions placewatch opens on a Postgres server', () => {
  let database: TestDatabase;
  let handles: DatabaseHandle[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('sessions');
  });
  afterAll(async () => {
    await Promise.all(handles.map((h) => h.close()));
    await database?.drop();
  });

  const jitOf = async (url: string) => {
    const handle = await connectDatabase({ databaseUrl: url, dataDir: '/nonexistent' });
    handles = [...handles, handle];
    const { rows } = await sql<{ jit: string }>`show jit`.execute(handle.db);
    return rows[0]!.jit;
  };

  it('run without JIT: a misestimated batch statement is not compiled for hundreds of milliseconds', async () => {
    expect(await jitOf(database.url)).toBe('off');
  });

  it('unless the URL asks for it in its own options', async () => {
    const url = new URL(database.url);
    url.searchParams.set('options', '-c jit=on');
    expect(await jitOf(url.toString())).toBe('on');
  });
});
