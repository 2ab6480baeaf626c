import { openRuntime, type Runtime } from '../../src/runtime/index.js';
import { createTestDatabase, createTestRedisPrefix, testEnv } from './services.js';

import { SHIPPED_CONFIG } from './paths.js';

export { PROJECT_ROOT, SHIPPED_CONFIG } from './paths.js';

export interface TestRuntime {
  readonly runtime: Runtime;
  readonly databaseUrl: string;
  readonly prefix: string;
  /** Environment that points a child process (CLI, worker) at the same database and prefix. */
  readonly env: NodeJS.ProcessEnv;
  dispose(): Promise<void>;
}

/**
 * A full runtime on the real Postgres and Redis, with a database and a queue prefix of its own;
 * `dispose` closes it and drops both.
 */
export async function openTestRuntime(options: { configDir?: string; env?: Record<string, string>; label?: string } = {}): Promise<TestRuntime> {
  const database = await createTestDatabase(options.label ?? 'rt');
  const redis = createTestRedisPrefix(options.label ?? 'rt');
  const env = testEnv(database.url, redis.prefix, options.env);
  try {
    const runtime = await openRuntime({ configDir: options.configDir ?? SHIPPED_CONFIG, env, logLevel: env.LOG_LEVEL });
    return {
      runtime,
      databaseUrl: database.url,
      prefix: redis.prefix,
      env,
      dispose: async () => {
        await runtime.close();
        await redis.cleanup();
        await database.drop();
      },
    };
  } catch (error) {
    await redis.cleanup();
    await database.drop();
    throw error;
  }
}
