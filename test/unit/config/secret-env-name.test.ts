import { describe, expect, it } from 'vitest';
import { parseConfigFiles } from '../../../src/config/index.js';
import { PlacewatchError } from '../../../src/errors.js';
import { readSecretEnv } from '../../../src/feeds/secret-env.js';
import { signingSecrets } from '../../../src/channels/secrets.js';
import { telegramToken } from '../../../src/channels/telegram.js';
import { subscriptionFromRoute } from '../../../src/notify/subscription.js';

const PLACES = 'places:\n  - id: town-a\n    name: Town A\n    aliases:\n      en: [Town A]\n';

function problems(files: Record<string, string>): string {
  try {
    parseConfigFiles({ 'places.yaml': PLACES, ...files }, 'import');
  } catch (error) {
    if (error instanceof PlacewatchError) return error.message;
    throw error;
  }
  return '';
}

// A hostile environment: every server setting is set, so a leak would find something to send.
const env = {
  DATABASE_URL: 'postgres://app:hunter2@db/placewatch',
  PLACEWATCH_SECRET_KEY: 'the-key-that-encrypts-everything',
  PLACEWATCH_SECRET_PARTNER: 'whsec_cGFydG5lcg==',
};

describe('secret variable names in config', () => {
  it('refuses server settings and names outside PLACEWATCH_SECRET_… in every credential field, naming the field', () => {
    const feeds = `feeds:
  - { name: x-search, kind: x, query: town, token_env: DATABASE_URL }
  - { name: masto, kind: mastodon, instance: "https://m.example.org", token_env: PLACEWATCH_SECRET_KEY }
  - { name: push, kind: webhook, secret_env: REDIS_URL }
`;
    const routes = `routes:
  - { name: hook, channel: webhook, target: "https://hooks.example.org/a", secret_env: PLACEWATCH_SECRET_KEY, previous_secret_env: HOME }
  - { name: tg, channel: telegram, target: "@team", bot_token_env: DATABASE_URL }
smtp:
  host: smtp.example.org
  from: alerts@example.org
  user_env: PLACEWATCH_SECRET_KEY
  password_env: DATABASE_URL
`;
    const message = problems({ 'feeds.yaml': feeds, 'routes.yaml': routes });
    for (const field of [
      'feeds.yaml: feeds[0].token_env: secrets are read only from variables named PLACEWATCH_SECRET_…, not DATABASE_URL',
      'feeds.yaml: feeds[1].token_env: PLACEWATCH_SECRET_KEY is a server setting; config cannot read it',
      'feeds.yaml: feeds[2].secret_env: secrets are read only',
      'routes.yaml: routes[0].secret_env: PLACEWATCH_SECRET_KEY is a server setting',
      'routes.yaml: routes[0].previous_secret_env: secrets are read only',
      'routes.yaml: routes[1].bot_token_env: secrets are read only',
      'routes.yaml: smtp.user_env: PLACEWATCH_SECRET_KEY is a server setting',
      'routes.yaml: smtp.password_env: secrets are read only',
    ]) {
      expect(message).toContain(field);
    }
  });

  it('accepts names under the prefix', () => {
    const feeds = 'feeds:\n  - { name: x-search, kind: x, query: town, token_env: PLACEWATCH_SECRET_X_TOKEN }\n';
    expect(problems({ 'feeds.yaml': feeds })).toBe('');
  });

  it('refuses to read a server setting at run time too, whatever a stored config says', () => {
    expect(() => readSecretEnv('DATABASE_URL', 'x-search', env)).toThrow(/not DATABASE_URL/);
    const route = { name: 'tg', channel: 'telegram', target: '@team', bot_token_env: 'PLACEWATCH_SECRET_KEY' } as const;
    const subscription = subscriptionFromRoute({ ...route, places: 'all', min_severity: 'high', escalation_only: false } as never);
    expect(() => telegramToken(subscription, env)).toThrow(/server setting/);
    const hook = subscriptionFromRoute({
      name: 'hook',
      channel: 'webhook',
      target: 'https://h.example.org',
      secret_env: 'DATABASE_URL',
      places: 'all',
      min_severity: 'high',
      escalation_only: false,
    } as never);
    expect(() => signingSecrets(hook, env)).toThrow(/not DATABASE_URL/);
    const allowed = subscriptionFromRoute({
      name: 'hook',
      channel: 'webhook',
      target: 'https://h.example.org',
      secret_env: 'PLACEWATCH_SECRET_PARTNER',
      places: 'all',
      min_severity: 'high',
      escalation_only: false,
    } as never);
    expect(signingSecrets(allowed, env)).toEqual(['whsec_cGFydG5lcg==']);
  });
});
