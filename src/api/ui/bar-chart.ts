import { html, type SafeHtml } from './html.js';

/** One bar: a label (its day) and its stacked segments, bottom first. */
export interface Bar {
  readonly label: string;
  readonly segments: ReadonlyArray<{ readonly key: string; readonly value: number }>;
}

export interface BarChartOptions {
  /** What the chart shows, for screen readers ("Threat posts per day, last 30 days"). */
  readonly title: string;
  /** Fill colour of each segment key; keys without one are drawn grey. */
  readonly colours: Readonly<Record<string, string>>;
  /** Drawing height in user units; the width follows the number of bars and the page scales it. */
  readonly height?: number;
  readonly className?: string;
}

const BAR_WIDTH = 10;
const GAP = 2;

/**
 * A stacked bar chart as inline SVG, drawn on the server: no script, no styles, no network, so it
 * passes the strict CSP and prints. Colours are presentation attributes (not inline styles); each bar
 * carries a <title> with its label and figures. The SVG scales to its container's width.
 *
 * @example barChart([{ label: '2026-11-30', segments: [{ key: 'takfir', value: 3 }] }], { title: 'Posts', colours: { takfir: '#5b2c83' } })
 */
export function barChart(bars: readonly Bar[], options: BarChartOptions): SafeHtml {
  const height = options.height ?? 60;
  const width = Math.max(1, bars.length * (BAR_WIDTH + GAP) - GAP);
  const highest = Math.max(0, ...bars.map((b) => b.segments.reduce((sum, s) => sum + s.value, 0)));
  const max = Math.max(1, highest);
  const scale = (height - 1) / max;
  const drawn = bars.map((bar, i) => {
    const x = i * (BAR_WIDTH + GAP);
    const total = bar.segments.reduce((sum, s) => sum + s.value, 0);
    let top = height;
    const rects = bar.segments
      .filter((s) => s.value > 0)
      .map((s) => {
        const h = Math.max(1, Math.round(s.value * scale * 100) / 100);
        top -= h;
        return html`<rect x="${x}" y="${Math.round(top * 100) / 100}" width="${BAR_WIDTH}" height="${h}" fill="${options.colours[s.key] ?? '#888888'}"/>`;
      });
    const detail = bar.segments
      .filter((s) => s.value > 0)
      .map((s) => `${s.key.replace(/_/g, ' ')} ${s.value}`)
      .join(', ');
    // A full-height transparent rect, so the title shows on hover over empty days too.
    return html`<g class="bar" data-total="${total}"><title>${bar.label}: ${total}${detail ? ` (${detail})` : ''}</title>
<rect x="${x}" y="0" width="${BAR_WIDTH}" height="${height}" fill="transparent"/>${rects}
<rect x="${x}" y="${height - 0.5}" width="${BAR_WIDTH}" height="0.5" fill="#c8ced6"/></g>`;
  });
  return html`<svg class="${options.className ?? 'bar-chart'}" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" role="img" aria-label="${options.title}, highest ${highest}" xmlns="http://www.w3.org/2000/svg">${drawn}</svg>`;
}
