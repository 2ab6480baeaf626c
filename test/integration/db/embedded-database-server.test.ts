import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../../src/db/index.js';
import { serveEmbeddedDatabase } from '../../../src/db/embedded-database-server.js';
import type { EmbeddedDatabaseShare } from '../../../src/db/embedded-database-share.js';
import { PgliteDialect } from '../../../src/db/pglite-dialect.js';
import { SessionMutex } from '../../../src/db/session-mutex.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('embedded database served to other processes', { timeout: 20_000 }, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'placewatch-served-'));
  const shareFile = path.join(dataDir, 'pglite.socket.json');
  let database: DatabaseHandle;
  let share: EmbeddedDatabaseShare;
  const clients: pg.Client[] = [];

  async function client(password = share.password): Promise<pg.Client> {
    const c = new pg.Client({ host: share.host, port: share.port, user: 'postgres', database: 'postgres', password });
    c.on('error', () => undefined);
    clients.push(c);
    await c.connect();
    return c;
  }

  beforeAll(async () => {
    database = await connectDatabase({ dataDir });
    await sql`create table served_check (id int primary key, label text not null)`.execute(database.db);
    await database.serve!({ redisUrl: 'redis://127.0.0.1:1' });
    share = JSON.parse(readFileSync(shareFile, 'utf8')) as EmbeddedDatabaseShare;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('records loopback, this pid and the Redis URL, readable by the owner only', () => {
    expect(share).toMatchObject({ pid: process.pid, host: '127.0.0.1', redisUrl: 'redis://127.0.0.1:1' });
    expect((statSync(shareFile).mode & 0o777).toString(8)).toBe('600');
  });

  it('refuses a client without the password', async () => {
    await expect(client('wrong')).rejects.toThrow(/password authentication failed/);
  });

  it("never runs a client's query inside this process's open transaction", async () => {
    const reader = await client();
    const counts: number[] = [];
    const transaction = database.db
      .transaction()
      .execute(async (trx) => {
        for (let i = 0; i < 5; i++) {
          await sql`insert into served_check values (${i}, 'in transaction')`.execute(trx);
          await sleep(20);
        }
        throw new Error('roll back');
      })
      .then(
        () => 'committed',
        (error: Error) => error.message,
      );
    for (let i = 0; i < 10; i++) {
      const { rows } = await reader.query<{ n: string }>('select count(*) as n from served_check');
      counts.push(Number(rows[0]!.n));
    }
    expect(await transaction).toBe('roll back');
    // Run inside the transaction, a count would have seen its uncommitted rows.
    expect(counts.every((n) => n === 0)).toBe(true);
  });

  it("keeps two clients' parameterised batches apart (each gets its own statement's rows)", async () => {
    const [a, b] = [await client(), await client()];
    const inProcess = Array.from({ length: 30 }, (_, i) => sql<{ v: number }>`select ${i}::int + 1000 as v`.execute(database.db));
    const fromA = Array.from({ length: 30 }, (_, i) => a.query<{ a: string }>('select $1::text as a', [`a${i}`]));
    const fromB = Array.from({ length: 30 }, (_, i) => b.query<{ b: number; c: number }>('select $1::int as b, $2::int as c', [i, i + 100]));
    const [rowsA, rowsB, rowsIn] = await Promise.all([Promise.all(fromA), Promise.all(fromB), Promise.all(inProcess)]);
    expect(rowsA.map((r) => r.rows[0])).toEqual(Array.from({ length: 30 }, (_, i) => ({ a: `a${i}` })));
    expect(rowsB.map((r) => r.rows[0])).toEqual(Array.from({ length: 30 }, (_, i) => ({ b: i, c: i + 100 })));
    expect(rowsIn.map((r) => r.rows[0]!.v)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1000));
  });

  it('rolls back a client that leaves inside a transaction, and frees the session', async () => {
    const quitter = await client();
    await quitter.query('begin');
    await quitter.query("insert into served_check values (99, 'left open')");
    quitter.connection.stream.destroy();
    // This process's next query waits for the session, then finds the row rolled back.
    const { rows } = await sql<{ n: string }>`select count(*) as n from served_check where id = 99`.execute(database.db);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('removes the share file on close', async () => {
    const other = await connectDatabase({ dataDir: mkdtempSync(path.join(tmpdir(), 'placewatch-served-2-')) });
    await other.serve!({ redisUrl: 'redis://127.0.0.1:1' });
    const file = path.join(path.dirname(other.where.replace(/^embedded PGlite at /, '')), 'pglite.socket.json');
    expect(existsSync(file)).toBe(true);
    await other.close();
    expect(existsSync(file)).toBe(false);
  });
});

describe('finding a served embedded database', { timeout: 20_000 }, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'placewatch-share-'));
  const lockFile = path.join(dataDir, 'pglite.lock');
  const shareFile = path.join(dataDir, 'pglite.socket.json');
  const share = (pid: number) => JSON.stringify({ pid, host: '127.0.0.1', port: 1, password: 'x', redisUrl: 'redis://127.0.0.1:1' });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('ignores a share file whose process is gone, and removes it', async () => {
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => dead.once('exit', resolve));
    mkdirSync(path.join(dataDir, 'pglite'), { recursive: true });
    writeFileSync(lockFile, String(dead.pid));
    writeFileSync(shareFile, share(dead.pid!));
    const database = await connectDatabase({ dataDir });
    try {
      expect(database.kind).toBe('pglite');
      expect(existsSync(shareFile)).toBe(false);
    } finally {
      await database.close();
    }
  });

  it('still says "in use" when the live holder does not serve it (or the file names another process)', async () => {
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(lockFile, String(holder.pid));
      await expect(connectDatabase({ dataDir })).rejects.toThrow(new RegExp(`in use by process ${holder.pid}`));
      writeFileSync(shareFile, share(holder.pid! + 1));
      await expect(connectDatabase({ dataDir })).rejects.toThrow(new RegExp(`in use by process ${holder.pid}`));
    } finally {
      holder.kill('SIGKILL');
      rmSync(lockFile, { force: true });
      rmSync(shareFile, { force: true });
    }
  });
});

describe('a client idle inside a transaction', { timeout: 20_000 }, () => {
  it('is dropped after the limit and rolled back, so the serving process goes on', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = await PGlite.create();
    const mutex = new SessionMutex();
    const db = new Kysely<unknown>({ dialect: new PgliteDialect(pglite, mutex) });
    const server = await serveEmbeddedDatabase(pglite, mutex, { idleInTransactionMs: 500 });
    const stalled = new pg.Client({ host: server.host, port: server.port, user: 'postgres', database: 'postgres', password: server.password });
    stalled.on('error', () => undefined);
    try {
      await stalled.connect();
      await stalled.query('begin');
      await stalled.query('create table left_open (x int)');
      const waitedFrom = Date.now();
      const { rows } = await sql<{ n: string }>`select count(*) as n from pg_tables where tablename = 'left_open'`.execute(db);
      expect(Date.now() - waitedFrom).toBeGreaterThanOrEqual(400);
      expect(Number(rows[0]!.n)).toBe(0);
      await expect(stalled.query('select 1')).rejects.toThrow();
    } finally {
      await server.close();
      await db.destroy();
    }
  });
});
