/**
 * Outbound connections under the private-address (SSRF) policy, shared by feeds and notify: the
 * address classification and allowlist, an undici agent and a DNS lookup that check every address a
 * name resolves to, a checked raw TCP connect (SMTP), and Retry-After parsing.
 */
export {
  checkAddress,
  classifyAddress,
  ipLiteralOf,
  isAllowlisted,
  normalizeHostname,
  parseAllowList,
  type AddressVerdict,
  type AllowList,
  type BlockedCategory,
} from './address-policy.js';
export { blockedAddressError, findBlockedAddress } from './blocked-address.js';
export { connectChecked } from './checked-socket.js';
export { parseRetryAfter, MAX_RETRY_AFTER_MS } from './retry-after.js';
export { createCheckedLookup, createSafeAgent, type SafeAgentOptions } from './safe-agent.js';
