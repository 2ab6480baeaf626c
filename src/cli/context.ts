import type { Command } from 'commander';
import { loadConfig, loadEnv, resolveConfigDir, type PlacewatchConfig } from '../config/index.js';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../db/index.js';
import { openRuntime, type Runtime } from '../runtime/index.js';

/** The config directory chosen with the global `--config` flag. */
export function configDirOf(command: Command): string {
  return resolveConfigDir(command.optsWithGlobals().config as string | undefined);
}

/** Loads and validates the config (for commands that need nothing else). */
export function configOf(command: Command): PlacewatchConfig {
  return loadConfig(configDirOf(command));
}

/**
 * Runs `work` with the full runtime (database, Redis, queues) and always closes it; `env` replaces
 * the process environment (a command choosing its own data directory).
 */
export async function withRuntime<T>(
  command: Command,
  work: (runtime: Runtime) => Promise<T>,
  options: { readonly logLevel?: string; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<T> {
  const env = options.env ?? process.env;
  const runtime = await openRuntime({ configDir: configDirOf(command), env, logLevel: env.LOG_LEVEL ?? options.logLevel ?? 'warn' });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

/**
 * Runs `work` with the database only (migrated first, unless `migrate: false` for the command
 * that migrates and reports it), for read-only commands that need no queue.
 */
export async function withDatabase<T>(
  command: Command,
  work: (database: DatabaseHandle) => Promise<T>,
  options: { readonly migrate?: boolean } = {},
): Promise<T> {
  configOf(command); // an invalid config is reported even by read-only commands
  const env = loadEnv();
  const database = await connectDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.PLACEWATCH_DATA_DIR });
  try {
    if (options.migrate !== false) await migrateToLatest(database.db);
    return await work(database);
  } finally {
    await database.close();
  }
}

/** Writes a JSON document to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
