import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { bearerMatches, signWebhook, verifyWebhookSignature } from '../../../src/feeds/webhook/webhook-signature.js';

const SECRET = `whsec_${Buffer.from('a partner secret of 32 bytes....').toString('base64')}`;
const body = Buffer.from('{"items":[]}');

describe('Standard Webhooks signatures', () => {
  it('accepts what the reference library signs, and matches its signature byte for byte', () => {
    const now = new Date('2026-03-14T10:00:00Z');
    const ts = Math.floor(now.getTime() / 1000);
    const reference = new Webhook(SECRET).sign('msg_1', new Date(ts * 1000), body.toString());
    expect(reference).toBe(`v1,${signWebhook(SECRET, 'msg_1', String(ts), body)}`);
    expect(verifyWebhookSignature(SECRET, { id: 'msg_1', timestamp: String(ts), signature: `v1,bogus ${reference}` }, body, now)).toEqual({ ok: true });
  });

  it('refuses a wrong signature, a changed body, a stale or future timestamp and missing headers', () => {
    const now = new Date('2026-03-14T10:00:00Z');
    const ts = String(now.getTime() / 1000);
    const sig = `v1,${signWebhook(SECRET, 'msg_1', ts, body)}`;
    expect(verifyWebhookSignature(SECRET, { id: 'msg_2', timestamp: ts, signature: sig }, body, now)).toMatchObject({ reason: 'bad-signature' });
    expect(verifyWebhookSignature(SECRET, { id: 'msg_1', timestamp: ts, signature: sig }, Buffer.from('{}'), now)).toMatchObject({ reason: 'bad-signature' });
    const old = String(now.getTime() / 1000 - 301);
    expect(
      verifyWebhookSignature(SECRET, { id: 'msg_1', timestamp: old, signature: `v1,${signWebhook(SECRET, 'msg_1', old, body)}` }, body, now),
    ).toMatchObject({ reason: 'stale' });
    const future = String(now.getTime() / 1000 + 400);
    expect(
      verifyWebhookSignature(SECRET, { id: 'msg_1', timestamp: future, signature: `v1,${signWebhook(SECRET, 'msg_1', future, body)}` }, body, now),
    ).toMatchObject({ reason: 'stale' });
    expect(verifyWebhookSignature(SECRET, { id: 'msg_1', timestamp: ts }, body, now)).toMatchObject({ reason: 'missing-headers' });
  });

  it('compares bearer tokens exactly', () => {
    expect(bearerMatches('tok-1', 'Bearer tok-1')).toBe(true);
    expect(bearerMatches('tok-1', 'Bearer tok-2')).toBe(false);
    expect(bearerMatches('tok-1', undefined)).toBe(false);
  });
});
