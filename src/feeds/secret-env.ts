import { readConfiguredSecret } from '../config/index.js';
import { PlacewatchError } from '../errors.js';

/**
 * Reads a secret (token, signing key) from the environment variable a feed names; throws
 * INPUT_INVALID naming the variable (never the value) when it is unset, CONFIG_INVALID when the
 * name is outside PLACEWATCH_SECRET_….
 */
export function readSecretEnv(name: string, feed: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = readConfiguredSecret(env, name);
  if (!value) {
    throw new PlacewatchError('INPUT_INVALID', `${feed}: environment variable ${name} is not set`, { feed, variable: name });
  }
  return value;
}

/** Like readSecretEnv, but undefined when no variable is named at all. */
export function optionalSecretEnv(name: string | undefined, feed: string, env?: NodeJS.ProcessEnv): string | undefined {
  return name === undefined ? undefined : readSecretEnv(name, feed, env);
}
