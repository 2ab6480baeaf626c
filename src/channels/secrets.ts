import { secretEnvNameProblem } from '../env/index.js';
import { NotifyError } from './notify-error.js';
import { decryptSecret, secretKeyFrom } from './secret-box.js';
import type { Recipient } from './channel.js';

/**
 * The value of a variable config names, refused (permanently) outside PLACEWATCH_SECRET_… so a
 * route can never carry a server setting to its target.
 */
export function configuredSecret(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const problem = secretEnvNameProblem(name);
  if (problem) throw new NotifyError('NOTIFY_MISCONFIGURED', problem, { permanent: true });
  return env[name]?.trim() || undefined;
}

/**
 * The secrets a webhook is signed with, current first; the previous one while a rotation lasts.
 * A missing secret is permanent (unsigned delivery is never an option).
 */
export function signingSecrets(subscription: Recipient, env: Readonly<Record<string, string | undefined>>): string[] {
  const ref = subscription.secret;
  if (ref.kind === 'env') {
    const current = ref.current ? configuredSecret(env, ref.current) : undefined;
    if (!current) {
      throw new NotifyError('NOTIFY_SECRET_MISSING', `signing secret ${ref.current ?? '(secret_env)'} is not set for route ${subscription.name}`, {
        permanent: true,
      });
    }
    const previous = ref.previous ? configuredSecret(env, ref.previous) : undefined;
    return previous ? [current, previous] : [current];
  }
  if (!ref.current) throw new NotifyError('NOTIFY_SECRET_MISSING', `subscription ${subscription.name} has no signing secret`, { permanent: true });
  const key = secretKeyFrom(env);
  const secrets = [decryptSecret(key, ref.current)];
  if (ref.previous) secrets.push(decryptSecret(key, ref.previous));
  return secrets;
}
