import type { AckReportRow, NotificationView } from '../../../notify/index.js';
import type { Principal } from '../../auth/principal.js';
import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';

export interface NotificationsPageData {
  readonly dead: readonly NotificationView[];
  readonly pending: readonly NotificationView[];
  readonly delivered: readonly NotificationView[];
  readonly ack: readonly AckReportRow[];
  readonly flash?: string | undefined;
}

const when = (iso: string | null) => (iso ? html`<time datetime="${iso}">${iso.replace('T', ' ').slice(0, 19)} UTC</time>` : '');

/** The operators' outbox view: dead letters with a Retry button, pending, recent deliveries, time to acknowledge. */
export function notificationsPage(principal: Principal, data: NotificationsPageData): string {
  const csrf = html`<input type="hidden" name="_csrf" value="${principal.session?.csrf_token ?? ''}">`;
  const body = html`<h1>Notifications</h1>
${data.flash ? html`<p class="flash" role="status">${data.flash}</p>` : ''}
<h2>Dead letters <span class="count">(${data.dead.length})</span></h2>
<p class="muted">Deliveries that used up their attempts or failed for good. Retry sends again with a fresh budget and the same idempotency key.</p>
${table(
  data.dead,
  'No dead letters.',
  (n) => html`<td>${n.attempts}</td><td class="last-error" dir="auto">${n.last_error ?? ''}</td>
  <td><form method="post" action="/notifications/${n.id}/retry">${csrf}<button type="submit">Retry</button></form></td>`,
  html`<th>Attempts</th><th>Last error</th><th></th>`,
)}
<h2>Pending <span class="count">(${data.pending.length})</span></h2>
${table(data.pending, 'Nothing waiting.', (n) => html`<td>${n.attempts}</td><td>${when(n.next_attempt_at)}</td><td class="last-error" dir="auto">${n.last_error ?? ''}</td>`, html`<th>Attempts</th><th>Next attempt</th><th>Last error</th>`)}
<h2>Recently delivered</h2>
${table(data.delivered, 'Nothing delivered yet.', (n) => html`<td>${n.attempts}</td><td>${when(n.delivered_at)}</td>`, html`<th>Attempts</th><th>Delivered</th>`)}
<h2>Time to acknowledge (30 days)</h2>
${ackTable(data.ack)}`;
  return renderPage({ title: 'Notifications', kind: 'notifications', principal, body });
}

function table(rows: readonly NotificationView[], empty: string, cells: (n: NotificationView) => SafeHtml, heads: SafeHtml): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<table class="notifications"><thead><tr><th>#</th><th>Alert</th><th>Route</th><th>Channel</th><th>Event</th><th>Created</th>${heads}</tr></thead><tbody>
${rows.map(
  (n) => html`<tr><td>${n.id}</td><td>${n.alert_id ? html`<a href="/alerts/${n.alert_id}">${n.alert_id}</a>` : 'digest'}</td>
  <td>${n.route}</td><td>${n.channel}</td><td>${n.event}</td><td>${when(n.created_at)}</td>${cells(n)}</tr>`,
)}
</tbody></table>`;
}

function ackTable(rows: readonly AckReportRow[]): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">No alerts in the period.</p>`;
  const minutes = (s: number | null) => (s === null ? '—' : (s / 60).toFixed(1));
  return html`<table class="ack-report"><thead><tr><th>Severity</th><th>Alerts</th><th>Acknowledged</th><th>Median min</th><th>p90 min</th><th>Max min</th><th>Waiting</th><th>Oldest waiting min</th></tr></thead><tbody>
${rows.map(
  (r) => html`<tr><td><span class="badge sev-${r.severity}">${r.severity}</span></td><td>${r.alerts}</td><td>${r.acknowledged}</td>
  <td>${minutes(r.p50_seconds)}</td><td>${minutes(r.p90_seconds)}</td><td>${minutes(r.max_seconds)}</td><td>${r.unacknowledged}</td><td>${minutes(r.oldest_unacknowledged_seconds)}</td></tr>`,
)}
</tbody></table>`;
}
