export { connectDatabase, redactUrl, type DatabaseHandle, type ConnectOptions } from './connect.js';
export { migrateToLatest } from './migrate.js';
export type { Database } from './schema.js';
