import { isSourceAlive, type SourceHealth } from '../../../polling/index.js';
import { html, type SafeHtml } from '../html.js';
import { momentText, sourceStatusText } from './feeds-page.js';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * One line saying whether anything is being watched, for the empty queue: "no alerts" means "no
 * threats" only when sources are configured and posts are flowing.
 */
export function sourcesLine(sources: readonly SourceHealth[], configuredFeeds: number): SafeHtml {
  if (sources.length === 0) return html`<span class="sources-line dead">No feeds are configured and no posts have arrived: nothing is being watched.</span>`;
  const alive = sources.filter(isSourceAlive);
  const down = sources.filter((s) => !isSourceAlive(s) && s.status !== 'disabled' && s.status !== 'quiet');
  const newest = sources.reduce<Date | null>((latest, s) => (s.lastPostAt && (!latest || s.lastPostAt > latest) ? s.lastPostAt : latest), null);
  const feeds = configuredFeeds === 0 ? 'No feeds are configured' : `${plural(configuredFeeds, 'feed', 'feeds')} configured`;
  return html`<span class="sources-line${alive.length === 0 ? ' dead' : ''}">${feeds}; ${alive.length} of ${plural(sources.length, 'source', 'sources')} receiving posts (last post ${momentText(newest)}).${
    down.length ? html` Not receiving: ${down.map((s, i) => html`${i ? ', ' : ''}<bdi>${s.name}</bdi> (${sourceStatusText(s)})`)}.` : ''
  }</span>`;
}
