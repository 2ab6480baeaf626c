import { afterAll, vi } from 'vitest';

// Test files share their worker process (vitest.config.ts: isolate false), so what one file puts
// in the environment must not reach the next: each file's changes to process.env, direct or through
// vi.stubEnv, are undone when it ends.
const before = { ...process.env };

afterAll(() => {
  vi.unstubAllEnvs();
  for (const name of Object.keys(process.env)) if (!(name in before)) delete process.env[name];
  Object.assign(process.env, before);
});
