export { connectDatabase, type DatabaseHandle, type ConnectOptions } from './connect.js';
export { migrateToLatest } from './migrate.js';
export type { Database, Db } from './schema.js';
export type { AlertEscalationsTable, ConfigVersionsTable, NotificationsTable, SubscriptionsTable } from './schema.js';
export { severityRankSql } from './severity-rank-sql.js';
export { createScratchDatabase, type ScratchDatabase } from './scratch-database.js';
export { JsonbParameter } from './jsonb-parameter.js';
