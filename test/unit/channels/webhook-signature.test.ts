import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signWebhook } from '../../../src/channels/index.js';

const secret = `whsec_${Buffer.alloc(32, 5).toString('base64')}`;
const old = `whsec_${Buffer.alloc(32, 6).toString('base64')}`;
const body = JSON.stringify({ type: 'alert.opened', data: { place: 'town-a' } });

function headers(secrets: string[], ts = Math.floor(Date.now() / 1000)) {
  return {
    'webhook-id': 'alert-1-opened-0-hook',
    'webhook-timestamp': String(ts),
    'webhook-signature': signWebhook(secrets, 'alert-1-opened-0-hook', ts, body),
  };
}

describe('Standard Webhooks signatures', () => {
  it('verify with the reference library', () => {
    expect(new Webhook(secret).verify(body, headers([secret]))).toEqual(JSON.parse(body));
  });

  it('match the reference signer byte for byte', () => {
    const at = new Date(1_700_000_000_000);
    expect(signWebhook([secret], 'msg_1', 1_700_000_000, body)).toBe(new Webhook(secret).sign('msg_1', at, body));
  });

  it('carry one signature per secret during rotation, so either secret verifies', () => {
    const h = headers([secret, old]);
    expect(h['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(secret).verify(body, h)).not.toThrow();
    expect(() => new Webhook(old).verify(body, h)).not.toThrow();
  });

  it('fail for a tampered body, another id, or a stale timestamp', () => {
    const h = headers([secret]);
    expect(() => new Webhook(secret).verify(body.replace('town-a', 'town-b'), h)).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...h, 'webhook-id': 'other' })).toThrow();
    expect(() => new Webhook(secret).verify(body, headers([secret], Math.floor(Date.now() / 1000) - 3600))).toThrow(/timestamp/i);
  });

  it('refuse a secret that is not base64 rather than sign with garbage', () => {
    expect(() => signWebhook(['whsec_not base64!'], 'x', 1, body)).toThrow(expect.objectContaining({ code: 'NOTIFY_SECRET_MISSING' }));
  });
});
