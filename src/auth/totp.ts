import type { RedisClient } from '../queue/index.js';
import { Secret, TOTP } from 'otpauth';

const ISSUER = 'placewatch';

function totpFor(secret: string, email: string): TOTP {
  return new TOTP({ issuer: ISSUER, label: email, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

/** A new base32 TOTP secret (160 bits, as RFC 4226 recommends). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app imports. */
export function totpUri(secret: string, email: string): string {
  return totpFor(secret, email).toString();
}

/** The current code (tests and the enrol screen's self-check use it). */
export function currentTotp(secret: string, timestamp = Date.now()): string {
  return totpFor(secret, 'x').generate({ timestamp });
}

/**
 * Checks a 6-digit code within one step of clock drift, and refuses a code already used for the
 * same user (recorded in Redis for its lifetime), so an observed code cannot be replayed.
 */
export async function verifyTotp(redis: RedisClient, keyPrefix: string, userId: number, secret: string, code: string): Promise<boolean> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return false;
  const delta = totpFor(secret, 'x').validate({ token, window: 1 });
  if (delta === null) return false;
  const fresh = await redis.set(`${keyPrefix}:totp-used:${userId}:${token}`, '1', 'PX', 120_000, 'NX');
  return fresh === 'OK';
}
