import { storedSecretKey, type LoginDeps } from '../../auth/index.js';
import type { Runtime } from '../../runtime/index.js';

/** What the sign-in steps need from the runtime, the key for TOTP secrets included. */
export function loginDepsOf(runtime: Runtime): LoginDeps {
  return { db: runtime.database.db, redis: runtime.redis, keyPrefix: runtime.queuePrefix, secretKey: storedSecretKey(runtime.env) };
}

/** Whole seconds to wait, for Retry-After and messages (at least 1, so clients never retry at once). */
export function retryAfterSeconds(ms: number | undefined): number {
  return Math.max(1, Math.ceil((ms ?? 0) / 1000));
}
