import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { NotifyError } from './notify-error.js';

/** The variable holding the key that encrypts subscription secrets at rest. */
export const SECRET_KEY_ENV = 'PLACEWATCH_SECRET_KEY';

/** A new Standard Webhooks secret: "whsec_" and 32 random bytes in base64. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * The 32-byte key from PLACEWATCH_SECRET_KEY (any string; hashed so operators can use a passphrase
 * or `openssl rand -base64 32`).
 */
export function secretKeyFrom(env: Readonly<Record<string, string | undefined>>): Buffer {
  const material = env[SECRET_KEY_ENV];
  if (!material || material.length < 16) {
    throw new NotifyError('NOTIFY_SECRET_MISSING', `${SECRET_KEY_ENV} must be set (16+ characters) to store subscription secrets`, { permanent: true });
  }
  return createHash('sha256').update(material).digest();
}

/** Encrypts with AES-256-GCM; the output ("v1.iv.tag.ciphertext", base64url) is safe to store. */
export function encryptSecret(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/** Decrypts what encryptSecret wrote; a wrong key or edited ciphertext fails loudly, never yields garbage. */
export function decryptSecret(key: Buffer, stored: string): string {
  const [version, iv, tag, body] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) {
    throw new NotifyError('NOTIFY_SECRET_MISSING', 'stored secret has an unknown format', { permanent: true });
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new NotifyError('NOTIFY_SECRET_MISSING', `cannot decrypt subscription secret (wrong ${SECRET_KEY_ENV}?)`, { permanent: true, cause: error });
  }
}
