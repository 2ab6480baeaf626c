/** Entry point of the api role; the role itself lives in src/roles (so the CLI starts it without importing workers/). */
export { startApi } from '../src/roles/index.js';
