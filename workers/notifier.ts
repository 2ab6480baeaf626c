/** Entry point of the notifier role; the role itself lives in src/roles (so the CLI starts it without importing workers/). */
export { startNotifier } from '../src/roles/index.js';
