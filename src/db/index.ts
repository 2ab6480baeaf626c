export { connectDatabase, redactUrl, type DatabaseHandle, type ConnectOptions } from './connect.js';
export { migrateToLatest } from './migrate.js';
export type { Database } from './schema.js';
export { createScratchDatabase, type ScratchDatabase } from './scratch-database.js';
