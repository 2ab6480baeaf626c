import { fileURLToPath } from 'node:url';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';

/** The API tests' own small config, so they do not depend on the shipped one as it evolves. */
export const API_TEST_CONFIG = fileURLToPath(new URL('./fixtures/config', import.meta.url));

/** A real Postgres + Redis runtime on the API test config. */
export function openApiTestRuntime(label: string, env: Record<string, string> = {}): Promise<TestRuntime> {
  return openTestRuntime({ label, configDir: API_TEST_CONFIG, env });
}
