/** Entry point of the scheduler role; the role itself lives in src/roles (so the CLI starts it without importing workers/). */
export { startScheduler } from '../src/roles/index.js';
