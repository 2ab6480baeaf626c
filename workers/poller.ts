/** Entry point of the poller role; the role itself lives in src/roles (so the CLI starts it without importing workers/). */
export { startPoller } from '../src/roles/index.js';
