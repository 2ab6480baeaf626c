import { describe, expect, it } from 'vitest';
import { barChart } from '../../../src/api/ui/bar-chart.js';

const segmentRects = (svg: string) =>
  [...svg.matchAll(/<rect x="(\d+)" y="([\d.]+)" width="10" height="([\d.]+)" fill="(#[0-9a-f]{6})"\/>/g)]
    .filter((m) => m[4] !== '#c8ced6')
    .map((m) => ({ x: Number(m[1]), y: Number(m[2]), height: Number(m[3]), fill: m[4] }));

describe('server-rendered bar chart', () => {
  it('draws bar heights in proportion to their totals, the tallest filling the chart', () => {
    const svg = barChart(
      [
        { label: 'd1', segments: [{ key: 'a', value: 2 }] },
        { label: 'd2', segments: [{ key: 'a', value: 0 }] },
        { label: 'd3', segments: [{ key: 'a', value: 4 }] },
      ],
      { title: 'Posts', colours: { a: '#aa0000' }, height: 41 },
    ).value;
    const rects = segmentRects(svg);
    expect(rects.map((r) => [r.x, r.height])).toEqual([
      [0, 20],
      [24, 40],
    ]);
    expect(rects[1]!.y).toBe(1);
    expect(svg).toContain('viewBox="0 0 34 41"');
    expect(svg).toContain('aria-label="Posts, highest 4"');
    expect([...svg.matchAll(/<g class="bar" data-total="(\d+)">/g)].map((m) => m[1])).toEqual(['2', '0', '4']);
  });

  it('stacks segments bottom-up in the given order, each in its own colour, and titles the bar with its figures', () => {
    const svg = barChart(
      [
        {
          label: '2026-11-30',
          segments: [
            { key: 'death_threat', value: 1 },
            { key: 'takfir', value: 3 },
          ],
        },
      ],
      { title: 'By category', colours: { death_threat: '#8b0000', takfir: '#5b2c83' }, height: 81 },
    ).value;
    const [bottom, top] = segmentRects(svg);
    expect(bottom).toMatchObject({ fill: '#8b0000', height: 20, y: 61 });
    expect(top).toMatchObject({ fill: '#5b2c83', height: 60, y: 1 });
    expect(svg).toContain('<title>2026-11-30: 4 (death threat 1, takfir 3)</title>');
  });

  it('escapes labels and titles, and uses no style attribute (CSP)', () => {
    const svg = barChart([{ label: '<script>x</script>', segments: [{ key: 'a', value: 1 }] }], { title: '"><b>', colours: {} }).value;
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('"><b>');
    expect(svg).not.toContain('style=');
    expect(svg).toContain('fill="#888888"');
  });
});
