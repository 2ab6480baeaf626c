import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, generateWebhookSecret, secretKeyFrom } from '../../../src/channels/index.js';

describe('secrets at rest', () => {
  const key = secretKeyFrom({ PLACEWATCH_SECRET_KEY: 'a passphrase of some length' });

  it('round-trip through AES-GCM and never store the plaintext', () => {
    const secret = generateWebhookSecret();
    const stored = encryptSecret(key, secret);
    expect(stored).not.toContain(secret.slice(6));
    expect(decryptSecret(key, stored)).toBe(secret);
  });

  it('refuse a wrong key or an edited ciphertext', () => {
    const stored = encryptSecret(key, 'whsec_abc');
    const other = secretKeyFrom({ PLACEWATCH_SECRET_KEY: 'another passphrase entirely' });
    expect(() => decryptSecret(other, stored)).toThrow(/cannot decrypt/);
    const [v, iv, tag, body] = stored.split('.');
    const edited = `${body![0] === 'A' ? 'B' : 'A'}${body!.slice(1)}`;
    expect(() => decryptSecret(key, [v, iv, tag, edited].join('.'))).toThrow();
  });

  it('demand a key before storing any secret', () => {
    expect(() => secretKeyFrom({})).toThrow(expect.objectContaining({ code: 'NOTIFY_SECRET_MISSING' }));
  });
});
