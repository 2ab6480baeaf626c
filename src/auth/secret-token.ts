import { createHash, randomBytes } from 'node:crypto';

/** sha256 hex of a bearer secret; only this is stored, so a database leak yields no usable secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A fresh random secret (256 bits) with a recognisable prefix such as `pwt_`, and its hash. */
export function newSecret(prefix = ''): { secret: string; hash: string } {
  const secret = `${prefix}${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashSecret(secret) };
}
