import { z } from 'zod';
import { PlacewatchError } from '../errors.js';
import { SERVER_SETTING_NAMES } from './env.js';

/**
 * The only environment variables config may name for a secret. A fixed prefix keeps the server's own
 * settings (DATABASE_URL, PLACEWATCH_SECRET_KEY…) out of reach of whoever edits config, who could
 * otherwise send them to a URL of their choosing as a feed token or an SMTP password.
 */
export const SECRET_ENV_PREFIX = 'PLACEWATCH_SECRET_';

/** Why config may not read the variable `name`, or null when it may. */
export function secretEnvNameProblem(name: string): string | null {
  if (!/^[A-Z][A-Z0-9_]{0,63}$/.test(name)) return `expected an environment variable name like "${SECRET_ENV_PREFIX}MASTODON_TOKEN"`;
  if (!name.startsWith(SECRET_ENV_PREFIX) || name.length === SECRET_ENV_PREFIX.length) {
    return `secrets are read only from variables named ${SECRET_ENV_PREFIX}…, not ${name}`;
  }
  if (SERVER_SETTING_NAMES.has(name)) return `${name} is a server setting; config cannot read it`;
  return null;
}

/** Names an environment variable that holds a secret; the secret itself never sits in YAML. */
export const secretEnvNameSchema = z.string().superRefine((name, ctx) => {
  const problem = secretEnvNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * Reads the secret a config names. A name outside the prefix is refused here too, not only by
 * validation: a version stored before the rule, or config built by hand, must not reach other settings.
 * Throws CONFIG_INVALID naming the variable; undefined when the variable is unset or empty.
 */
export function readConfiguredSecret(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const problem = secretEnvNameProblem(name);
  if (problem !== null) throw new PlacewatchError('CONFIG_INVALID', problem, { variable: name });
  return env[name]?.trim() || undefined;
}
