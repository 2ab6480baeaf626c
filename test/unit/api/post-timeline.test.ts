import { describe, expect, it } from 'vitest';
import { bucketText, postTimeline } from '../../../src/api/ui/post-timeline.js';

const MINUTE = 60_000;
const at = (iso: string, plusMinutes = 0) => new Date(Date.parse(iso) + plusMinutes * MINUTE);

describe('postTimeline', () => {
  it('counts a 30-minute burst per minute, by category, from its first post, padded to twelve bars', () => {
    const posts = [
      { published_at: at('2026-11-30T10:00:10Z'), category: 'takfir' },
      { published_at: at('2026-11-30T10:00:50Z'), category: 'death_threat' },
      { published_at: at('2026-11-30T10:00:10Z', 29), category: 'takfir' },
    ];
    const timeline = postTimeline(posts);
    expect(timeline.bucketMs).toBe(MINUTE);
    expect(timeline.bars).toHaveLength(30);
    expect(timeline.bars[0]).toEqual({
      label: '2026-11-30 10:00 UTC',
      segments: [
        { key: 'death_threat', value: 1 },
        { key: 'takfir', value: 1 },
      ],
    });
    expect(timeline.bars[29]!.segments).toEqual([{ key: 'takfir', value: 1 }]);
    expect(timeline.bars.slice(1, 29).every((b) => b.segments.length === 0)).toBe(true);
    expect(timeline.from.toISOString()).toBe('2026-11-30T10:00:00.000Z');

    const pair = postTimeline(posts.slice(0, 2));
    expect(pair.bars).toHaveLength(12);
  });

  it('widens the bucket so a long campaign stays under sixty bars, and counts every post', () => {
    const posts = Array.from({ length: 500 }, (_, i) => ({ published_at: at('2026-11-01T00:00:00Z', i * 83), category: 'call_to_attack' }));
    const timeline = postTimeline(posts);
    expect(timeline.bars.length).toBeLessThanOrEqual(60);
    expect(timeline.bucketMs).toBe(24 * 60 * MINUTE);
    expect(bucketText(timeline.bucketMs)).toBe('1 day');
    expect(timeline.bars.reduce((n, b) => n + b.segments.reduce((m, s) => m + s.value, 0), 0)).toBe(500);
  });

  it('words bucket widths', () => {
    expect(bucketText(5 * MINUTE)).toBe('5 min');
    expect(bucketText(3 * 60 * MINUTE)).toBe('3 h');
    expect(bucketText(7 * 24 * 60 * MINUTE)).toBe('7 days');
  });
});
