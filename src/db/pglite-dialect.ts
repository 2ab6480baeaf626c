import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { JsonbParameter } from './jsonb-parameter.js';
import { SessionMutex } from './session-mutex.js';

/**
 * Kysely on embedded PGlite. kysely ships a PGlite dialect only from 0.29, which asks for Node 22;
 * we run on Node 20, so this is ours: the Postgres compiler and introspector over PGlite's single
 * connection, which a mutex lends to one query or transaction at a time.
 */
export class PgliteDialect implements Dialect {
  /** `mutex` is shared with the embedded database server, when this process serves one. */
  constructor(
    private readonly pglite: PGlite,
    private readonly mutex = new SessionMutex(),
  ) {}

  createAdapter(): DialectAdapter {
    return new PgliteAdapter();
  }

  createDriver(): Driver {
    return new PgliteDriver(this.pglite, this.mutex);
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}

class PgliteAdapter extends PostgresAdapter {
  // The migrator holds the only connection from lock to unlock: nobody else can run meanwhile.
  override async acquireMigrationLock(): Promise<void> {}
  override async releaseMigrationLock(): Promise<void> {}
}

class PgliteDriver implements Driver {
  private readonly connection: PgliteConnection;

  constructor(
    private readonly pglite: PGlite,
    private readonly mutex: SessionMutex,
  ) {
    this.connection = new PgliteConnection(pglite);
  }

  async init(): Promise<void> {
    if (this.pglite.closed) throw new Error('PGlite instance is already closed');
    await this.pglite.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.mutex.lock();
    return this.connection;
  }

  async releaseConnection(): Promise<void> {
    this.mutex.unlock();
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let begin = 'begin';
    if (settings.isolationLevel) begin += ` isolation level ${settings.isolationLevel}`;
    if (settings.accessMode) begin += ` ${settings.accessMode}`;
    await connection.executeQuery(CompiledQuery.raw(begin));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async destroy(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close();
  }
}

class PgliteConnection implements DatabaseConnection {
  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    // PGlite serialises parameters by their declared type: a jsonb parameter goes as its JSON text.
    const parameters = compiledQuery.parameters.map((value) => (value instanceof JsonbParameter ? value.json : value));
    const result = await this.pglite.query<R>(compiledQuery.sql, parameters, { rowMode: 'object' });
    return {
      rows: result.rows ?? [],
      ...(result.affectedRows != null ? { numAffectedRows: BigInt(result.affectedRows) } : {}),
    };
  }

  // eslint-disable-next-line require-yield -- the driver interface asks for a stream; PGlite has none, so the first read throws
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not stream query results');
  }
}
