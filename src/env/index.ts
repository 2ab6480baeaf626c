/**
 * What the process reads from its environment: the server's own settings (loadEnv) and the rule for
 * the variables config may name as secrets, which must never be those settings. A leaf under config
 * and channels, which both check secret names with it.
 */
export { loadEnv, type Env } from './env.js';
export { redactUrl } from './redact-url.js';
export { readConfiguredSecret, secretEnvNameProblem, secretEnvNameSchema } from './secret-env-name.js';
