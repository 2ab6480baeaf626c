export { buildApiServer } from './server.js';
