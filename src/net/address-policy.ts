import { isIP } from 'node:net';

/** Why an address may not be fetched; `metadata` can never be allowlisted. */
export type BlockedCategory =
  'unspecified' | 'loopback' | 'private' | 'cgnat' | 'link-local' | 'unique-local' | 'ipv4-mapped' | 'multicast' | 'reserved' | 'metadata' | 'invalid';

export type AddressVerdict = { readonly allowed: true } | { readonly allowed: false; readonly category: BlockedCategory };

/** Parsed allowlist: host names compared exactly, CIDRs compared by prefix. */
export interface AllowList {
  readonly hosts: ReadonlySet<string>;
  readonly cidrs: readonly Cidr[];
}

interface Cidr {
  readonly bytes: Uint8Array;
  readonly prefix: number;
}

interface Range {
  readonly cidr: Cidr;
  readonly category: BlockedCategory;
}

/** Parses a dotted-quad IPv4 address (the canonical form DNS and the URL parser produce). */
export function parseIPv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i]!;
    if (!/^\d{1,3}$/.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes[i] = value;
  }
  return bytes;
}

/** Parses any textual IPv6 form (compressed, embedded IPv4, zone id, brackets) to 16 bytes. */
export function parseIPv6(text: string): Uint8Array | null {
  let s = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return null;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const groups: number[] = [];
  const pushGroups = (list: string[], out: number[]): boolean => {
    for (let i = 0; i < list.length; i++) {
      const g = list[i]!;
      if (g.includes('.')) {
        // Embedded IPv4 is only legal as the last 32 bits.
        if (i !== list.length - 1) return false;
        const v4 = parseIPv4(g);
        if (!v4) return false;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return false;
        out.push(parseInt(g, 16));
      }
    }
    return true;
  };
  const headGroups: number[] = [];
  const tailGroups: number[] = [];
  if (!pushGroups(head, headGroups) || !pushGroups(tail, tailGroups)) return null;
  if (halves.length === 1) {
    if (headGroups.length !== 8) return null;
    groups.push(...headGroups);
  } else {
    const missing = 8 - headGroups.length - tailGroups.length;
    if (missing < 1) return null;
    groups.push(...headGroups, ...new Array<number>(missing).fill(0), ...tailGroups);
  }
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}

/** Parses "10.0.0.0/8", "fd00::/8" or a bare address (a /32 or /128). */
export function parseCidr(text: string): Cidr | null {
  const [addr = '', prefixText, ...rest] = text.trim().split('/');
  if (rest.length > 0) return null;
  const bytes = parseIPv4(addr) ?? parseIPv6(addr);
  if (!bytes) return null;
  const max = bytes.length * 8;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (prefixText !== undefined && !/^\d+$/.test(prefixText))) {
    return null;
  }
  return { bytes, prefix };
}

function inCidr(bytes: Uint8Array, cidr: Cidr): boolean {
  if (bytes.length !== cidr.bytes.length) return false;
  const full = Math.floor(cidr.prefix / 8);
  for (let i = 0; i < full; i++) if (bytes[i] !== cidr.bytes[i]) return false;
  const bits = cidr.prefix % 8;
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return (bytes[full]! & mask) === (cidr.bytes[full]! & mask);
}

const range = (cidr: string, category: BlockedCategory): Range => ({ cidr: parseCidr(cidr)!, category });

// Cloud metadata endpoints come first so they are reported (and refused) as such.
const METADATA: readonly Range[] = [
  range('169.254.169.254/32', 'metadata'),
  range('169.254.170.2/32', 'metadata'), // AWS ECS task metadata
  range('100.100.100.200/32', 'metadata'), // Alibaba Cloud
  range('fd00:ec2::254/128', 'metadata'),
];

const IPV4_BLOCKED: readonly Range[] = [
  range('0.0.0.0/8', 'unspecified'),
  range('10.0.0.0/8', 'private'),
  range('100.64.0.0/10', 'cgnat'),
  range('127.0.0.0/8', 'loopback'),
  range('169.254.0.0/16', 'link-local'),
  range('172.16.0.0/12', 'private'),
  range('192.0.0.0/24', 'reserved'),
  range('192.0.2.0/24', 'reserved'),
  range('192.88.99.0/24', 'reserved'), // deprecated 6to4 relay anycast: a relay of unknown reach
  range('192.168.0.0/16', 'private'),
  range('198.18.0.0/15', 'reserved'),
  range('198.51.100.0/24', 'reserved'),
  range('203.0.113.0/24', 'reserved'),
  range('224.0.0.0/4', 'multicast'),
  range('240.0.0.0/4', 'reserved'), // includes 255.255.255.255
];

const IPV6_BLOCKED: readonly Range[] = [
  range('::/128', 'unspecified'),
  range('::1/128', 'loopback'),
  range('::ffff:0:0/96', 'ipv4-mapped'),
  range('::ffff:0:0:0/96', 'reserved'), // SIIT IPv4-translated: a translator reaches the IPv4 inside
  range('::/96', 'reserved'), // deprecated IPv4-compatible form
  range('64:ff9b:1::/48', 'reserved'), // local-use NAT64
  range('100::/64', 'reserved'), // discard prefix
  range('2001::/32', 'reserved'), // Teredo hides the real IPv4 peer
  range('2001:db8::/32', 'reserved'),
  range('fc00::/7', 'unique-local'),
  range('fe80::/10', 'link-local'),
  range('fec0::/10', 'reserved'), // deprecated site-local
  range('ff00::/8', 'multicast'),
];

const NAT64 = parseCidr('64:ff9b::/96')!;
const SIX_TO_FOUR = parseCidr('2002::/16')!;

/** Checks one resolved address (IPv4 dotted quad or any IPv6 form) against the built-in block list. */
export function classifyAddress(address: string): AddressVerdict {
  const v4 = parseIPv4(address);
  if (v4) return classifyBytes(v4);
  const v6 = parseIPv6(address);
  if (!v6) return { allowed: false, category: 'invalid' };
  return classifyBytes(v6);
}

const EMBEDDING: readonly { cidr: Cidr; at: number }[] = [
  { cidr: parseCidr('::ffff:0:0/96')!, at: 12 },
  { cidr: parseCidr('::ffff:0:0:0/96')!, at: 12 },
  { cidr: parseCidr('::/96')!, at: 12 },
  { cidr: parseCidr('64:ff9b::/96')!, at: 12 },
  { cidr: parseCidr('2002::/16')!, at: 2 },
];

function isMetadata(bytes: Uint8Array): boolean {
  if (METADATA.some((r) => inCidr(bytes, r.cidr))) return true;
  // The metadata service must stay unreachable through any IPv6 form that embeds its IPv4 address.
  return bytes.length === 16 && EMBEDDING.some((e) => inCidr(bytes, e.cidr) && isMetadata(bytes.slice(e.at, e.at + 4)));
}

function classifyBytes(bytes: Uint8Array): AddressVerdict {
  if (isMetadata(bytes)) return { allowed: false, category: 'metadata' };
  const list = bytes.length === 4 ? IPV4_BLOCKED : IPV6_BLOCKED;
  for (const r of list) if (inCidr(bytes, r.cidr)) return { allowed: false, category: r.category };
  // Translation prefixes carry an IPv4 address that the gateway will reach on our behalf.
  if (bytes.length === 16 && inCidr(bytes, NAT64)) {
    const inner = classifyBytes(bytes.slice(12, 16));
    if (!inner.allowed) return inner;
  }
  if (bytes.length === 16 && inCidr(bytes, SIX_TO_FOUR)) {
    const inner = classifyBytes(bytes.slice(2, 6));
    if (!inner.allowed) return inner;
  }
  return { allowed: true };
}

/** Builds an allowlist from entries that are host names or CIDRs (bare addresses count as /32, /128). */
export function parseAllowList(entries: readonly string[] = []): AllowList {
  const hosts = new Set<string>();
  const cidrs: Cidr[] = [];
  for (const entry of entries) {
    const cidr = parseCidr(entry);
    if (cidr) cidrs.push(cidr);
    else hosts.add(normalizeHostname(entry));
  }
  return { hosts, cidrs };
}

/** Lower-cases a host name and strips IPv6 brackets and a trailing dot, so comparisons are exact. */
export function normalizeHostname(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}

/**
 * Decides whether `address`, reached for `hostname`, may be connected to. An allowlisted host or
 * CIDR lifts the block, except for cloud metadata endpoints, which are never reachable.
 */
export function checkAddress(address: string, hostname: string, allow: AllowList): AddressVerdict {
  const verdict = classifyAddress(address);
  if (verdict.allowed || verdict.category === 'metadata' || verdict.category === 'invalid') return verdict;
  if (allow.hosts.has(normalizeHostname(hostname))) return { allowed: true };
  const bytes = parseIPv4(address) ?? parseIPv6(address)!;
  const candidates = [bytes];
  // An IPv4-mapped address is the IPv4 peer; let an IPv4 CIDR allow it.
  if (bytes.length === 16 && verdict.category === 'ipv4-mapped') candidates.push(bytes.slice(12, 16));
  if (allow.cidrs.some((c) => candidates.some((b) => inCidr(b, c)))) return { allowed: true };
  return verdict;
}

/** True when the allowlist names this host, or this IP literal falls in one of its CIDRs. */
export function isAllowlisted(hostname: string, allow: AllowList): boolean {
  if (allow.hosts.has(normalizeHostname(hostname))) return true;
  const literal = ipLiteralOf(hostname);
  const bytes = literal ? (parseIPv4(literal) ?? parseIPv6(literal)) : null;
  return bytes !== null && allow.cidrs.some((c) => inCidr(bytes, c));
}

/** The IP literal a URL host names, if it is one (WHATWG URL has already canonicalised 0x7f.1 etc.). */
export function ipLiteralOf(hostname: string): string | null {
  const h = normalizeHostname(hostname);
  return isIP(h) ? h : null;
}
