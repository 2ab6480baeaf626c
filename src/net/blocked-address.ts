import { PlacewatchError } from '../errors.js';

/**
 * The error for a host whose address the private-address policy refuses. Its code keeps the
 * FEED_ prefix it was born with: logs, tests and operators' alerts already match on it.
 */
export function blockedAddressError(hostname: string, address: string, category: string): PlacewatchError {
  return new PlacewatchError(
    'FEED_BLOCKED_ADDRESS',
    `${hostname} resolves to ${address} (${category}); refusing to connect (allowlist it with allowPrivate if intended)`,
    { host: hostname, address, category },
  );
}

/** The policy's refusal anywhere in an error's cause chain (undici and nodemailer wrap connector errors), or null. */
export function findBlockedAddress(error: unknown): PlacewatchError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current; depth++) {
    if (current instanceof PlacewatchError) return current.code === 'FEED_BLOCKED_ADDRESS' ? current : null;
    current = current instanceof Error ? current.cause : undefined;
  }
  return null;
}
