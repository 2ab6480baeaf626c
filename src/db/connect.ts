import { mkdirSync, rmSync } from 'node:fs';
import { acquireDirectoryLock } from './directory-lock.js';
import { serveEmbeddedDatabase } from './embedded-database-server.js';
import { readShare, sharePath, writeShare } from './embedded-database-share.js';
import { SessionMutex } from './session-mutex.js';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { redactUrl } from '../env/index.js';
import { PlacewatchError, errorMessage } from '../errors.js';
import { PgliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

// bigint (int8) stays a string in JS so ids and counters never lose precision.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  /** "postgres" for a server, "pglite" for the embedded default. */
  readonly kind: 'postgres' | 'pglite';
  /** Where it is, without credentials, for messages. */
  readonly where: string;
  /** Embedded PGlite only: serve it to the CLI in other terminals until closed (`start` does). */
  serve?(options: { readonly redisUrl: string }): Promise<void>;
  /** Set when the embedded database is reached through the process serving it: that process's Redis. */
  readonly sharedRedisUrl?: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  readonly databaseUrl?: string;
  readonly dataDir: string;
  readonly poolSize?: number;
}

/**
 * Connects to DATABASE_URL, or to embedded PGlite under `<dataDir>/pglite` when it is unset,
 * and proves the connection with one query so a bad URL fails at start-up, not mid-batch.
 */
export async function connectDatabase(options: ConnectOptions): Promise<DatabaseHandle> {
  const handle = options.databaseUrl ? connectPostgres(options.databaseUrl, options.poolSize ?? 10) : await connectPglite(options.dataDir);
  try {
    await sql`select 1`.execute(handle.db);
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw new PlacewatchError('DATABASE_UNREACHABLE', `cannot reach Postgres at ${handle.where}: ${describeConnectError(error)}`, { where: handle.where });
  }
  return handle;
}

function connectPostgres(url: string, poolSize: number, connectTimeoutMs = 5_000): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: connectTimeoutMs,
    application_name: 'placewatch',
    // The pipeline's statements are short and run thousands of times; on a row-count misestimate
    // (a fresh table, autovacuum off) JIT compiled some of them, costing ~400 ms a batch instead
    // of ~20. Options in the URL (`?options=-c jit=on`) take precedence.
    options: '-c jit=off',
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  // pg-pool drops its listener while a client is checked out, so a server that terminates a
  // connection between two queries of a transaction (a restart, an outage) would raise an
  // unhandled 'error' event and kill the process; the query that follows fails instead.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', where: redactUrl(url), close: () => db.destroy() };
}

async function connectPglite(dataDir: string): Promise<DatabaseHandle> {
  const dir = path.resolve(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  // PGlite files must have one process at a time; a second one would corrupt them.
  let releaseLock: () => void;
  try {
    releaseLock = acquireDirectoryLock(dir);
  } catch (error) {
    // The holder may serve it (a running `start`): then we are one more client of that process.
    const holder = error instanceof PlacewatchError ? (error.context.holder as number | undefined) : undefined;
    const share = holder ? readShare(dir, holder) : null;
    if (!share) throw error;
    const url = `postgres://postgres:${encodeURIComponent(share.password)}@${share.host}:${share.port}/postgres`;
    // One connection, as in-process: code written for PGlite never waits on a second one. The
    // handshake waits for the session, which a long transaction of the serving process may hold.
    const client = connectPostgres(url, 1, 30_000);
    return { ...client, where: `embedded PGlite at ${dir}, served by process ${share.pid}`, sharedRedisUrl: share.redisUrl };
  }
  rmSync(sharePath(dir), { force: true }); // left by a process that died while serving
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    // int8 as text, as with pg: ids and counters must not change type between the two backends.
    const pglite = await PGlite.create(dir, { parsers: { 20: (value: string) => value } });
    const mutex = new SessionMutex();
    const db = new Kysely<Database>({ dialect: new PgliteDialect(pglite, mutex) });
    let stopServing = async () => undefined;
    return {
      db,
      kind: 'pglite',
      where: `embedded PGlite at ${dir}`,
      serve: async ({ redisUrl }) => {
        const server = await serveEmbeddedDatabase(pglite, mutex);
        const removeShare = writeShare(dir, { pid: process.pid, host: server.host, port: server.port, password: server.password, redisUrl });
        stopServing = async () => {
          removeShare();
          await server.close();
        };
      },
      close: async () => {
        await stopServing();
        await db.destroy();
        if (!pglite.closed) await pglite.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

function describeConnectError(error: unknown): string {
  const code = (error as { code?: string })?.code;
  const message = errorMessage(error) || code || 'unknown error';
  if (error instanceof AggregateError && error.errors.length > 0) return describeConnectError(error.errors[0]);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
