/** Entry point of every role; the roles themselves live in src/roles (so the CLI starts them without importing workers/). */
export { ROLES, startRoles, type Role } from '../src/roles/index.js';
