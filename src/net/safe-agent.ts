import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import type { Socket } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { checkAddress, type AllowList } from './address-policy.js';
import { blockedAddressError } from './blocked-address.js';

export interface SafeAgentOptions {
  readonly allow: AllowList;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  /** Longest silence between two body chunks. */
  readonly bodyTimeoutMs: number;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A dns.lookup that refuses the whole answer when any address is blocked, so a host that resolves
 * to both a public and a private address (DNS rebinding) is never reached.
 */
export function createCheckedLookup(allow: AllowList) {
  return function checkedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, options.all ? [] : '');
      for (const entry of addresses) {
        const verdict = checkAddress(entry.address, hostname, allow);
        if (!verdict.allowed) return callback(blockedAddressError(hostname, entry.address, verdict.category) as NodeJS.ErrnoException, '');
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
      callback(null, first.address, first.family);
    });
  };
}

/**
 * An undici Agent whose every new connection is checked at connect time: names through the checked
 * lookup, and the socket's actual peer once more (IP literals never go through lookup).
 */
export function createSafeAgent(options: SafeAgentOptions): Agent {
  const base = buildConnector({ timeout: options.connectTimeoutMs, lookup: createCheckedLookup(options.allow) });
  const connect: buildConnector.connector = (opts, callback) => {
    base(opts, (err, socket) => {
      if (err || !socket) return callback(err ?? new Error('connect failed'), null);
      const peer = (socket as Socket).remoteAddress;
      const verdict = peer ? checkAddress(peer, opts.hostname, options.allow) : { allowed: false as const, category: 'invalid' };
      if (!verdict.allowed) {
        socket.destroy();
        return callback(blockedAddressError(opts.hostname, peer ?? 'unknown', verdict.category), null);
      }
      callback(null, socket);
    });
  };
  return new Agent({
    connect,
    headersTimeout: options.headersTimeoutMs,
    bodyTimeout: options.bodyTimeoutMs,
    // One feed, one request at a time; no point holding idle sockets between polls minutes apart.
    keepAliveTimeout: 4_000,
    connections: 4,
  });
}
