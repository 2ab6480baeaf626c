import { decryptSecret, encryptSecret } from '../notify/index.js';
import { STORED_SECRET_KEY_ENV } from './stored-secret-key.js';

/** What every sealed secret starts with (the secret box's format version). */
const SEALED_PREFIX = 'v1.';

/** Encrypts a TOTP secret for the database (AES-256-GCM, as subscription secrets are). */
export function sealTotpSecret(key: Buffer, secret: string): string {
  return encryptSecret(key, secret);
}

/** The base32 secret inside a sealed one; a wrong key fails loudly with the variable to check. */
export function openTotpSecret(key: Buffer, sealed: string): string {
  try {
    return decryptSecret(key, sealed);
  } catch (error) {
    throw new Error(`cannot decrypt a stored TOTP secret: every process needs the same ${STORED_SECRET_KEY_ENV}`, { cause: error });
  }
}

/** True for a value sealTotpSecret wrote (base32 secrets never contain a dot). */
export function isSealedSecret(value: string): boolean {
  return value.startsWith(SEALED_PREFIX);
}
