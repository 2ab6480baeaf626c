import { threatCategorySchema } from '../../../config/index.js';
import type { PlaceActivity } from '../../../alerts/index.js';
import type { SourceHealth } from '../../../polling/index.js';
import type { Principal } from '../../auth/principal.js';
import { barChart, type Bar } from '../bar-chart.js';
import { html, type SafeHtml } from '../html.js';
import { CATEGORY_COLOURS } from '../labels.js';
import { renderPage } from '../layout.js';
import { momentText, sourceStatusChip } from './feeds-page.js';

export interface PlaceSummary {
  readonly id: string;
  readonly name: string;
  readonly nameAr: string | null;
  readonly activity: PlaceActivity;
}

const TOTAL_COLOUR = { total: '#c0392b' };

const categoryLabel = (category: string) => category.replace(/_/g, ' ');
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function totalBars(activity: PlaceActivity): Bar[] {
  return activity.days.map((d) => ({ label: d.day, segments: [{ key: 'total', value: d.total }] }));
}

function categoryBars(activity: PlaceActivity): Bar[] {
  return activity.days.map((d) => ({ label: d.day, segments: threatCategorySchema.options.map((c) => ({ key: c, value: d.byCategory[c] ?? 0 })) }));
}

function axis(activity: PlaceActivity): SafeHtml {
  return html`<div class="chart-axis"><span>${activity.days[0]?.day ?? ''}</span><span>${activity.days.at(-1)?.day ?? ''}</span></div>`;
}

/** The feeds a place's threat posts came from, each with its health now. */
function placeFeeds(activity: PlaceActivity, sources: ReadonlyMap<string, SourceHealth>): SafeHtml {
  if (activity.feeds.length === 0) return html`<p class="muted">No threat posts in this period, from any source.</p>`;
  return html`<ul class="place-feeds">${activity.feeds.map((f) => {
    const source = sources.get(f.feed);
    return html`<li><bdi>${f.feed}</bdi> ${source ? sourceStatusChip(source) : ''} <span class="muted">last threat post ${momentText(f.lastThreatAt)}</span></li>`;
  })}</ul>`;
}

function placeName(place: PlaceSummary): SafeHtml {
  return html`${place.name}${place.nameAr ? html` <bdi lang="ar" dir="rtl">${place.nameAr}</bdi>` : ''}`;
}

function placeCard(place: PlaceSummary, sources: ReadonlyMap<string, SourceHealth>): SafeHtml {
  const a = place.activity;
  const posts = a.days.reduce((sum, d) => sum + d.total, 0);
  return html`<article class="card place" data-place="${place.id}">
  <h2><a href="/places/${place.id}">${placeName(place)}</a></h2>
  <p><a class="open-alerts" href="/alerts?place=${place.id}">${plural(a.openAlerts, 'open alert', 'open alerts')}</a>
    · ${plural(posts, 'threat post', 'threat posts')} in ${a.days.length} days</p>
  ${barChart(totalBars(a), { title: `Threat posts per day against ${place.name}, last ${a.days.length} days`, colours: TOTAL_COLOUR })}
  ${axis(a)}
  <h3>Sources</h3>
  ${placeFeeds(a, sources)}
</article>`;
}

/** Every place the person watches: open alerts, threat posts per day (30 days) and its sources' health. */
export function placesPage(principal: Principal, places: readonly PlaceSummary[], sources: ReadonlyMap<string, SourceHealth>): string {
  const body = html`<h1>Places</h1>
${places.length === 0 ? html`<p class="empty">${principal.user.role === 'officer' ? 'No places are assigned to you yet; ask an administrator.' : 'No monitored places are configured.'}</p>` : ''}
<div class="places">${places.map((p) => placeCard(p, sources))}</div>`;
  return renderPage({ title: 'Places', kind: 'places', principal, body });
}

/** One place: threat posts per day by category over the period, totals per category, open alerts, sources. */
export function placePage(principal: Principal, place: PlaceSummary, sources: ReadonlyMap<string, SourceHealth>): string {
  const a = place.activity;
  const totals = threatCategorySchema.options
    .map((c) => ({ category: c, posts: a.days.reduce((sum, d) => sum + (d.byCategory[c] ?? 0), 0) }))
    .filter((t) => t.posts > 0);
  const body = html`<p><a href="/places">← All places</a></p>
<h1>${placeName(place)}</h1>
<p><a class="open-alerts" href="/alerts?place=${place.id}">${plural(a.openAlerts, 'open alert', 'open alerts')}</a></p>
<section class="card" aria-labelledby="by-category">
  <h2 id="by-category">Threat posts per day by category, last ${a.days.length} days</h2>
  ${barChart(categoryBars(a), { title: `Threat posts per day by category against ${place.name}`, colours: CATEGORY_COLOURS, height: 120, className: 'bar-chart tall' })}
  ${axis(a)}
  <ul class="legend">${threatCategorySchema.options.map((c) => html`<li><svg viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" fill="${CATEGORY_COLOURS[c]!}"/></svg>${categoryLabel(c)}</li>`)}</ul>
  ${
    totals.length
      ? html`<table class="category-totals"><thead><tr><th>Category</th><th>Posts</th></tr></thead><tbody>
      ${totals.map((t) => html`<tr><td>${categoryLabel(t.category)}</td><td>${t.posts}</td></tr>`)}</tbody></table>`
      : html`<p class="muted">No threat posts against this place in the period.</p>`
  }
</section>
<section class="card" aria-labelledby="sources"><h2 id="sources">Sources</h2>${placeFeeds(a, sources)}</section>`;
  return renderPage({ title: place.name, kind: 'place', principal, body });
}
