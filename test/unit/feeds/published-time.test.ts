import { describe, expect, it } from 'vitest';
import { parsePublishedTime } from '../../../src/feeds/published-time.js';
import { parseRetryAfter } from '../../../src/net/index.js';

describe('parsePublishedTime', () => {
  it.each([
    ['Sat, 04 May 2024 08:15:00 GMT', '2024-05-04T08:15:00.000Z'],
    ['Sat, 4 May 2024 08:15 GMT', '2024-05-04T08:15:00.000Z'],
    ['04 May 2024 08:15:00 +0300', '2024-05-04T05:15:00.000Z'],
    ['Tue, 07 May 2024 08:00:00 EST', '2024-05-07T13:00:00.000Z'],
    ['Tue, 07 May 2024 08:00:00 PDT', '2024-05-07T15:00:00.000Z'],
    ['Tue, 07 May 24 08:00:00 -0000', '2024-05-07T08:00:00.000Z'],
    ['Thursday, 09 May 2024 23:59:59 +0530', '2024-05-09T18:29:59.000Z'],
    ['2024-05-10T09:15:30+03:00', '2024-05-10T06:15:30.000Z'],
    ['2024-05-10T09:15:30.123456Z', '2024-05-10T09:15:30.123Z'],
    ['2024-05-10t09:15:30z', '2024-05-10T09:15:30.000Z'],
    ['2024-05-10 09:15:30', '2024-05-10T09:15:30.000Z'],
    ['2024-05-10', '2024-05-10T00:00:00.000Z'],
    ['2024-12-31T23:30:00-01:00', '2025-01-01T00:30:00.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(parsePublishedTime(text)).toBe(iso);
  });

  it.each(['', 'yesterday', '31 Feb 2024 10:00:00 GMT', '2024-13-01T00:00:00Z', 'Sat, 04 May 2024 08:15:00 XYZ', '١٢ مايو ٢٠٢٤'])(
    'returns null for %s',
    (text) => {
      expect(parsePublishedTime(text)).toBeNull();
    },
  );
});

describe('parseRetryAfter', () => {
  const now = new Date('2024-05-04T08:00:00Z');
  it('reads delta seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sat, 04 May 2024 08:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Sat, 04 May 2024 07:00:00 GMT', now)).toBe(0);
  });

  it('clamps absurd waits and ignores garbage', () => {
    expect(parseRetryAfter('99999999', now)).toBe(6 * 3_600_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});
