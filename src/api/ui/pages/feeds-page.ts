import type { Principal } from '../../auth/principal.js';
import type { SourceHealth } from '../../../polling/index.js';
import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';
import { timeAgo } from '../time-text.js';

const STATUS_TEXT: Readonly<Record<SourceHealth['status'], string>> = {
  ok: 'ok',
  failing: 'failing',
  silent: 'silent',
  backing_off: 'backing off',
  never_polled: 'never polled',
  disabled: 'disabled',
  receiving: 'receiving',
  quiet: 'quiet',
};

/** A past moment as "3 min ago" (kept current by the script), with the exact UTC time on hover. */
export function momentText(at: Date | null, never = 'never'): SafeHtml {
  if (!at) return html`<span class="muted">${never}</span>`;
  const iso = at.toISOString();
  return html`<time datetime="${iso}" title="${iso.replace('T', ' ').slice(0, 19)} UTC" data-ago>${timeAgo(at)}</time>`;
}

/** A source's status in words; a webhook feed is never polled, it waits for its partner's first push. */
export function sourceStatusText(source: SourceHealth): string {
  return source.kind === 'webhook' && source.status === 'never_polled' ? 'no pushes yet' : STATUS_TEXT[source.status];
}

/** A source's status as a coloured chip: green when posts flow, red when failing or silent. */
export function sourceStatusChip(source: SourceHealth): SafeHtml {
  return html`<span class="source-status src-${source.status}">${sourceStatusText(source)}</span>`;
}

function sourceCard(s: SourceHealth, failedPosts: number): SafeHtml {
  const origin = s.origin === 'feed' ? `${s.kind} feed` : s.origin === 'demo' ? 'demo sample' : 'file import';
  return html`<article class="card source" data-source="${s.name}">
  <h2><bdi>${s.name}</bdi> ${sourceStatusChip(s)}</h2>
  <p class="muted">${origin}</p>
  <dl class="facts">
    <dt>Last post</dt><dd class="last-post">${momentText(s.lastPostAt)}</dd>
    <dt>Posts, last hour</dt><dd>${s.postsLastHour}</dd>
    <dt>Posts per hour (24 h)</dt><dd>${s.postsPerHour24h}</dd>
    ${failedPosts > 0 ? html`<dt>Failed posts</dt><dd class="failed-posts"><a href="/failed">${failedPosts}</a></dd>` : ''}
    ${s.origin === 'feed' ? html`<dt>Last successful poll</dt><dd>${momentText(s.lastSuccessAt, s.kind === 'webhook' ? 'pushed, not polled' : 'never')}</dd>` : ''}
    ${s.lastError ? html`<dt>Last error</dt><dd class="last-error"><bdi>${s.lastError}</bdi> (${momentText(s.lastErrorAt)})</dd>` : ''}
  </dl>
  ${s.openAlerts.map((a) => html`<p class="error" role="status">${a.kind === 'silent' ? 'Silent source' : 'Failing source'} since ${momentText(a.openedAt)}: ${a.detail}</p>`)}
</article>`;
}

/** Every source of posts with its health, so "no alerts" can be told apart from "no data"; failed posts link to the dead-letter view. */
export function feedsPage(
  principal: Principal,
  sources: readonly SourceHealth[],
  configuredFeeds: number,
  failed: { readonly total: number; readonly byFeed: ReadonlyMap<string, number> },
): string {
  const alerts = sources.flatMap((s) => s.openAlerts.map((a) => ({ source: s.name, ...a })));
  const body = html`<h1>Feeds</h1>
<p id="feeds-summary">${
    configuredFeeds === 0 ? 'No feeds are configured in feeds.yaml.' : `${configuredFeeds} configured ${configuredFeeds === 1 ? 'feed' : 'feeds'}.`
  }
  ${sources.length === 0 ? ' No posts have arrived from any source yet.' : ''}
  <a href="/failed" id="failed-posts-link">${failed.total} failed ${failed.total === 1 ? 'post' : 'posts'}</a>.</p>
${
  alerts.length
    ? html`<section class="feed-alerts" aria-label="Source alerts"><h2>Source alerts</h2><ul>
  ${alerts.map((a) => html`<li><b><bdi>${a.source}</bdi></b>: ${a.kind} — ${a.detail}</li>`)}
</ul></section>`
    : ''
}
<div class="sources">${sources.map((s) => sourceCard(s, failed.byFeed.get(s.name) ?? 0))}</div>`;
  return renderPage({ title: 'Feeds', kind: 'feeds', principal, body });
}
