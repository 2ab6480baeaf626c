import type { RedisClient } from '../queue/index.js';

/** Redis channel on which credential revocations are announced to every API process. */
export function revocationChannel(prefix: string): string {
  return `${prefix}:auth:revoked`;
}

/**
 * Tells every API process that some of a user's sessions or tokens were revoked (logout, token
 * revoke, disable, reset, a new authenticator), so open live streams re-check their credential now
 * instead of at their next heartbeat. Best effort: the heartbeat re-check stays the guarantee.
 */
export async function announceRevocation(redis: RedisClient, prefix: string, userId: number): Promise<void> {
  await redis.publish(revocationChannel(prefix), JSON.stringify({ userId })).catch(() => 0);
}

/** The user id in a revocation message, or undefined for anything else. */
export function parseRevocation(message: string): number | undefined {
  try {
    const { userId } = JSON.parse(message) as { userId?: unknown };
    return typeof userId === 'number' && Number.isSafeInteger(userId) ? userId : undefined;
  } catch {
    return undefined;
  }
}
