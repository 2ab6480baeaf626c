/** Entry point of the analyzer role; the role itself lives in src/roles (so the CLI starts it without importing workers/). */
export { startAnalyzer } from '../src/roles/index.js';
