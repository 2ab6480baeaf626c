import type { Principal } from '../../auth/principal.js';
import type { AlertView } from '../../schemas/alert-schemas.js';
import { ALERT_SEVERITIES } from '../../../config/index.js';
import { roleCan } from '../../../users/index.js';
import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';
import { counted } from '../labels.js';
import { categoryChips } from './category-chips.js';
import { agoTag } from '../time-text.js';

export interface QueueModel {
  readonly principal: Principal;
  readonly alerts: readonly AlertView[];
  readonly counts: Readonly<Record<string, number>>;
  readonly nextCursor: string | null;
  /** The page's own filter values (what the form shows). */
  readonly filters: Readonly<Record<string, string>>;
  /** The same filters as an /api/alerts query string, for the script's live refresh (/alerts/rows). */
  readonly apiQuery: string;
  readonly places: ReadonlyArray<{ id: string; name: string }>;
  readonly flash?: string;
  /** Whether feeds are configured and alive, shown when the queue is empty. */
  readonly sources?: SafeHtml;
}

export const STATUS_TABS: ReadonlyArray<[string, string]> = [
  ['new,acknowledged,escalated', 'Open'],
  ['new', 'New'],
  ['acknowledged', 'Acknowledged'],
  ['escalated', 'Escalated'],
  ['resolved', 'Resolved'],
  ['false_positive', 'False positive'],
];

/** The triage queue: status tabs with counts, filters, the alert table, paging. */
export function queuePage(model: QueueModel): string {
  const { filters, principal } = model;
  const canBulk = roleCan(principal.user.role, 'alerts:triage');
  const tabLink = (status: string) => {
    const params = new URLSearchParams(Object.entries(filters).filter(([key, value]) => value && key !== 'cursor'));
    params.set('status', status);
    return `/alerts?${params.toString()}`;
  };
  const countOf = (status: string) => status.split(',').reduce((n, s) => n + (model.counts[s] ?? 0), 0);
  const select = (name: string, options: ReadonlyArray<[string, string]>) => html`<select name="${name}">
      ${options.map(([value, label]) => html`<option value="${value}"${filters[name] === value ? html` selected` : ''}>${label}</option>`)}
    </select>`;
  const body = html`
<h1>Alerts</h1>
${model.flash ? html`<p class="flash" role="status">${model.flash}</p>` : ''}
<nav class="tabs" aria-label="Status">
  ${STATUS_TABS.map(([status, label]) => html`<a href="${tabLink(status)}" data-status="${status}"${filters.status === status ? html` aria-current="page"` : ''}>${label} <span class="count" data-count-for="${status}">${countOf(status)}</span></a>`)}
</nav>
<form class="filters" method="get" action="/alerts">
  <input type="hidden" name="status" value="${filters.status ?? ''}">
  <label>Severity ${select('severity', [['', 'any'], ...ALERT_SEVERITIES.map((s) => [s, s] as [string, string])])}</label>
  <label>Place ${select('place', [['', 'any'], ...model.places.map((p) => [p.id, p.name] as [string, string])])}</label>
  <label>Language ${select('language', [
    ['', 'any'],
    ['ar', 'Arabic'],
    ['en', 'English'],
  ])}</label>
  <label>Feed <input name="feed" value="${filters.feed ?? ''}" maxlength="100" size="10"></label>
  <label>Assignee <input name="assignee" value="${filters.assignee ?? ''}" maxlength="320" size="10" placeholder="me, none, email"></label>
  <label>From <input type="date" name="from" value="${filters.from ?? ''}"></label>
  <label>To <input type="date" name="to" value="${filters.to ?? ''}"></label>
  <label>Search <input type="search" name="q" value="${filters.q ?? ''}" maxlength="200" dir="auto"></label>
  <label>Sort ${select('sort', [
    ['severity', 'severity, then recent'],
    ['recent', 'most recent'],
  ])}</label>
  <button type="submit">Filter</button>
</form>
<form method="post" action="/alerts/bulk" class="bulk">
  <input type="hidden" name="_csrf" value="${principal.session?.csrf_token ?? ''}">
  ${
    canBulk
      ? html`<div class="bulk-bar">With selected:
    <button name="action" value="acknowledge">Acknowledge</button>
    <button name="action" value="escalate">Escalate</button>
    <button name="action" value="resolve">Resolve</button>
    <button name="action" value="false_positive">False positive</button>
  </div>`
      : ''
  }
  <table class="queue" id="queue" data-api-query="${model.apiQuery}">
    <thead><tr>${canBulk ? html`<th scope="col"><span class="sr">Select</span></th>` : ''}<th scope="col">Severity</th><th scope="col">Alert</th><th scope="col">Status</th><th scope="col">Accounts</th><th scope="col">Sources</th><th scope="col">Last post</th><th scope="col">Assignee</th></tr></thead>
    <tbody>${queueRows(model.alerts, canBulk)}</tbody>
  </table>
  <p class="empty" id="queue-empty"${model.alerts.length ? html` hidden` : ''}>No alerts match. ${model.sources ?? ''}${roleCan(principal.user.role, 'feeds:read') ? html` <a href="/feeds">Feeds</a>` : ''}</p>
</form>
${model.nextCursor ? html`<p><a class="more" href="/alerts?${new URLSearchParams({ ...filters, cursor: model.nextCursor }).toString()}">Next page</a></p>` : ''}`;
  return renderPage({ title: 'Alerts', kind: 'queue', principal, body });
}

/**
 * The queue's rows: the page renders them, and /alerts/rows sends the same markup to app.js when
 * the queue refreshes live, so a row has one definition.
 */
export function queueRows(alerts: readonly AlertView[], canBulk: boolean): SafeHtml {
  return html`${alerts.map((a) => queueRow(a, canBulk))}`;
}

function queueRow(a: AlertView, canBulk: boolean): SafeHtml {
  return html`<tr data-id="${a.id}" class="sev-${a.severity}${a.silenced ? ' silenced' : ''}">
    ${canBulk ? html`<td><input type="checkbox" name="ids" value="${a.id}" aria-label="select alert ${a.id}"></td>` : ''}
    <td><span class="badge sev-${a.severity}">${a.severity}</span>${a.campaign ? html` <span class="badge campaign">campaign</span>` : ''}</td>
    <td class="what"><button type="button" class="expand" aria-expanded="false" aria-label="show the posts of alert ${a.id}" title="Show the posts here (o)">▸</button>
      <a href="/alerts/${a.id}" class="place"><bdi>${a.place_name}</bdi></a> ${categoryChips(a)}
      ${a.representative ? html`<p class="row-text" dir="auto"${a.representative.lang ? html` lang="${a.representative.lang}"` : ''}>${a.representative.text}</p>` : ''}</td>
    <td><span class="status st-${a.status}">${a.status.replace('_', ' ')}</span></td>
    <td class="num" title="${counted(a.post_count, 'post')}">${counted(a.distinct_authors, 'account')}</td>
    <td class="num">${counted(a.distinct_sources, 'source')}</td>
    <td>${agoTag(a.last_seen)}</td>
    <td><bdi>${a.assignee ?? ''}</bdi></td>
  </tr>`;
}
