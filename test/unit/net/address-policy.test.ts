import { describe, expect, it } from 'vitest';
import { checkAddress, classifyAddress, ipLiteralOf, parseAllowList, parseCidr, parseIPv6 } from '../../../src/net/address-policy.js';

const none = parseAllowList([]);

function category(address: string): string {
  const verdict = classifyAddress(address);
  return verdict.allowed ? 'allowed' : verdict.category;
}

describe('classifyAddress (IPv4)', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['169.254.1.1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
  ])('blocks %s as %s', (address, expected) => {
    expect(category(address)).toBe(expected);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1', '169.253.255.255', '93.184.216.34'])(
    'allows public %s',
    (address) => {
      expect(category(address)).toBe('allowed');
    },
  );
});

describe('classifyAddress (IPv6)', () => {
  it.each([
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'ipv4-mapped'],
    ['::ffff:7f00:1', 'ipv4-mapped'],
    ['::ffff:8.8.8.8', 'ipv4-mapped'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['2002:a9fe:a9fe::1', 'metadata'],
    ['::127.0.0.1', 'reserved'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['fd00:ec2::254', 'metadata'],
    ['FD00:EC2:0:0:0:0:0:254', 'metadata'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
  ])('blocks %s as %s', (address, expected) => {
    expect(category(address)).toBe(expected);
  });

  it.each(['2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '64:ff9b::808:808', '2002:808:808::1'])('allows public %s', (address) => {
    expect(category(address)).toBe('allowed');
  });

  it('rejects what is not an address at all', () => {
    expect(category('not-an-ip')).toBe('invalid');
    expect(category('1.2.3')).toBe('invalid');
    expect(category('1::2::3')).toBe('invalid');
    expect(category('12345::1')).toBe('invalid');
  });
});

describe('parseIPv6', () => {
  it('expands compressed forms and embedded IPv4 to 16 bytes', () => {
    expect([...parseIPv6('::ffff:1.2.3.4')!]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4]);
    expect([...parseIPv6('1::')!].slice(0, 2)).toEqual([0, 1]);
    expect(parseIPv6('1:2:3:4:5:6:7:8:9')).toBeNull();
    expect(parseIPv6('1:2:3:4:5:6:7::8')).toBeNull();
  });
});

describe('URL host encodings reach the policy in canonical form', () => {
  it.each([
    ['http://2130706433/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://2852039166/', '169.254.169.254'],
    ['http://0251.0376.0251.0376/', '169.254.169.254'],
    ['http://[::ffff:a9fe:a9fe]/', '::ffff:a9fe:a9fe'],
    ['http://[0:0:0:0:0:0:0:1]/', '::1'],
  ])('%s is the literal %s and is blocked', (url, literal) => {
    const host = new URL(url).hostname;
    expect(ipLiteralOf(host)).toBe(literal);
    expect(classifyAddress(literal).allowed).toBe(false);
  });

  it('treats names as names', () => {
    expect(ipLiteralOf('example.org')).toBeNull();
  });
});

describe('checkAddress with an allowlist', () => {
  it('allows a private address inside an allowlisted CIDR', () => {
    const allow = parseAllowList(['10.20.0.0/16', '127.0.0.1', 'fd00:1234::/32']);
    expect(checkAddress('10.20.3.4', 'intranet', allow).allowed).toBe(true);
    expect(checkAddress('10.21.3.4', 'intranet', allow).allowed).toBe(false);
    expect(checkAddress('127.0.0.1', 'x', allow).allowed).toBe(true);
    expect(checkAddress('127.0.0.2', 'x', allow).allowed).toBe(false);
    expect(checkAddress('fd00:1234::5', 'x', allow).allowed).toBe(true);
  });

  it('lets an IPv4 CIDR cover the IPv4-mapped form of the same peer', () => {
    expect(checkAddress('::ffff:127.0.0.1', 'x', parseAllowList(['127.0.0.0/8'])).allowed).toBe(true);
  });

  it('allows any private address of an allowlisted host name, case-insensitively', () => {
    const allow = parseAllowList(['Feeds.Intranet.']);
    expect(checkAddress('192.168.5.5', 'feeds.intranet', allow).allowed).toBe(true);
    expect(checkAddress('192.168.5.5', 'other.intranet', allow).allowed).toBe(false);
  });

  it('never allows cloud metadata endpoints, whatever the allowlist says', () => {
    const allow = parseAllowList(['169.254.0.0/16', '0.0.0.0/0', '::/0', 'metadata.google.internal']);
    expect(checkAddress('169.254.169.254', 'metadata.google.internal', allow)).toEqual({ allowed: false, category: 'metadata' });
    expect(checkAddress('fd00:ec2::254', 'x', allow)).toEqual({ allowed: false, category: 'metadata' });
    expect(checkAddress('::ffff:169.254.169.254', 'x', allow)).toEqual({ allowed: false, category: 'metadata' });
  });

  it('passes public addresses with an empty allowlist', () => {
    expect(checkAddress('93.184.216.34', 'example.org', none).allowed).toBe(true);
  });
});

describe('parseCidr', () => {
  it('reads prefixes and rejects nonsense', () => {
    expect(parseCidr('10.0.0.0/8')?.prefix).toBe(8);
    expect(parseCidr('::1')?.prefix).toBe(128);
    expect(parseCidr('10.0.0.0/33')).toBeNull();
    expect(parseCidr('10.0.0.0/x')).toBeNull();
    expect(parseCidr('intranet.local')).toBeNull();
  });
});

describe('translation and relay ranges (issue 12)', () => {
  it.each([
    ['::ffff:0:a9fe:a9fe', 'metadata'], // SIIT form of 169.254.169.254
    ['::ffff:0:7f00:1', 'reserved'], // SIIT form of 127.0.0.1
    ['::ffff:0:808:808', 'reserved'],
    ['192.88.99.1', 'reserved'], // 6to4 relay anycast
  ])('blocks %s as %s', (address, expected) => {
    expect(category(address)).toBe(expected);
  });

  it('never lets an allowlist open the metadata service in its SIIT form', () => {
    expect(checkAddress('::ffff:0:a9fe:a9fe', 'meta.example', parseAllowList(['::/0', 'meta.example']))).toEqual({ allowed: false, category: 'metadata' });
  });
});
