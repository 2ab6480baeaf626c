import { describe, expect, it } from 'vitest';
import { routesFileSchema } from '../../../src/config/schema/routes.js';
import { subscriptionInputSchema } from '../../../src/notify/subscription-service.js';

const messages = (value: unknown) => {
  const result = routesFileSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('routes.yaml schema', () => {
  it('accepts a file with only routes and fills delivery defaults elsewhere', () => {
    expect(messages({ routes: [{ name: 'ops', channel: 'log' }] })).toEqual([]);
  });

  it('requires a signing secret variable for webhooks, never the secret itself', () => {
    expect(messages({ routes: [{ name: 'h', channel: 'webhook', target: 'https://x.example/h' }] })).toEqual([
      'routes.0.secret_env: signed webhooks need secret_env',
    ]);
    expect(messages({ routes: [{ name: 'h', channel: 'webhook', target: 'https://x.example/h', secret: 'whsec_x' }] })[0]).toMatch(/unrecognized key/i);
  });

  it('checks targets per channel, smtp for email, and tier routes by name', () => {
    expect(messages({ routes: [{ name: 'm', channel: 'email', target: 'not-an-address' }] })).toEqual([
      'routes.0.target: expected an e-mail address',
      'routes.0.channel: email routes need an smtp section',
    ]);
    expect(messages({ routes: [], escalation_policies: [{ name: 'p', tiers: [{ after: '5m', notify: ['nobody'] }] }] })).toEqual([
      'escalation_policies.0.tiers.0.notify.0: unknown route "nobody"',
    ]);
  });

  it('validates API subscription input with the same rules', () => {
    expect(subscriptionInputSchema.safeParse({ name: 'mine', channel: 'slack', target: 'ftp://x' }).success).toBe(false);
    expect(subscriptionInputSchema.parse({ name: 'mine', channel: 'telegram', target: '@my_channel' })).toMatchObject({ places: 'all', min_severity: 'high' });
  });
});
