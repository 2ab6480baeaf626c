import type { z } from 'zod';
import type { Principal } from '../../auth/principal.js';
import type { alertDetailSchema } from '../../schemas/alert-schemas.js';
import { nextStatus, STATUS_ACTIONS, type StatusAction } from '../../../alerts/index.js';
import { roleCan } from '../../../users/index.js';
import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';
import { categoryLabel, counted, eventLabel } from '../labels.js';
import { agoTag, isoMinute } from '../time-text.js';
import { renderPostText } from './post-text.js';
import { categoryChips } from './category-chips.js';

type Detail = z.infer<typeof alertDetailSchema>;

const ACTIONS: ReadonlyArray<{ action: string; label: string; key: string; triage: boolean }> = [
  { action: 'acknowledge', label: 'Acknowledge', key: 'a', triage: false },
  { action: 'escalate', label: 'Escalate', key: 'e', triage: true },
  { action: 'resolve', label: 'Resolve', key: 'r', triage: true },
  { action: 'false_positive', label: 'False positive', key: 'f', triage: true },
  { action: 'reopen', label: 'Reopen', key: '', triage: true },
  { action: 'claim', label: 'Claim', key: '', triage: true },
];

/** One alert: what, where, since when; actions; each post with its highlighted spans; the trail. */
export function detailPage(principal: Principal, detail: Detail, flash?: string): string {
  const { alert } = detail;
  const csrf = principal.session?.csrf_token ?? '';
  const triage = roleCan(principal.user.role, 'alerts:triage');
  const hidden = html`<input type="hidden" name="_csrf" value="${csrf}">`;
  const body = html`
<p><a href="/alerts" class="back">← Queue</a></p>
${flash ? html`<p class="flash" role="status">${flash}</p>` : ''}
<section class="alert-head sev-${alert.severity}">
  <h1><bdi>${alert.place_name}</bdi> <span class="badge sev-${alert.severity}">${alert.severity}</span>
    ${alert.campaign ? html`<span class="badge campaign">campaign</span>` : ''}</h1>
  <p class="facets">${categoryChips(alert)}</p>
  <dl class="facts">
    <dt>Status</dt><dd><span class="status st-${alert.status}" data-field="status">${alert.status.replace('_', ' ')}</span>${alert.silenced ? ' (silenced)' : ''}</dd>
    <dt>First seen</dt><dd>${isoMinute(alert.first_seen)} (${agoTag(alert.first_seen)})</dd>
    <dt>Last post</dt><dd>${isoMinute(alert.last_seen)} (${agoTag(alert.last_seen)})</dd>
    <dt>Last action</dt><dd data-field="last-action">${detail.last_action_at ? agoTag(detail.last_action_at) : 'none yet'}</dd>
    <dt>Assignee</dt><dd data-field="assignee"><bdi>${alert.assignee ?? 'nobody'}</bdi></dd>
    <dt>Evidence</dt><dd>${counted(alert.post_count, 'post')}, ${counted(alert.distinct_authors, 'account')}, ${counted(alert.distinct_sources, 'source')}, top score ${alert.score}</dd>
    ${alert.linked_alert_id ? html`<dt>Linked</dt><dd><a href="/alerts/${alert.linked_alert_id}">alert ${alert.linked_alert_id}</a></dd>` : ''}
  </dl>
</section>
<section class="actions" aria-label="Actions">
  <form method="post" action="/alerts/${alert.id}/act" id="action-form">
    ${hidden}
    <label for="note">Note</label>
    <textarea id="note" name="note" rows="2" maxlength="2000" dir="auto"></textarea>
    <div class="buttons">
      ${ACTIONS.filter((a) => triage || !a.triage).map((a) => html`<button name="action" value="${a.action}" data-action="${a.action}"${applicable(a.action, alert.status) ? '' : html` hidden`}>${a.label}${a.key ? html` <kbd>${a.key}</kbd>` : ''}</button>`)}
      <button name="action" value="note" data-action="note">Add note <kbd>n</kbd></button>
    </div>
  </form>
  ${triage ? html`<form method="post" action="/alerts/${alert.id}/act" class="merge">
    ${hidden}<input type="hidden" name="action" value="merge">
    <label>Merge into alert <input name="into" inputmode="numeric" pattern="[0-9]+" size="6" required></label>
    <button type="submit">Merge</button>
  </form>` : ''}
</section>
${detail.clusters.length ? html`<section class="copies" aria-label="Copies">
  <h2>Copied texts (${detail.clusters.length})</h2>
  <ul class="clusters">${detail.clusters.map((c) => html`<li data-cluster="${c.cluster_id}">
    <p class="row-text" dir="auto"${c.lang ? html` lang="${c.lang}"` : ''}>${c.text}</p>
    <span class="muted">${counted(c.posts, 'copy', 'copies')} from ${counted(c.accounts, 'account')}, ${counted(c.sources, 'source')}, ${isoMinute(c.first_seen)} – ${isoMinute(c.last_seen)}</span></li>`)}</ul>
</section>` : ''}
<section class="evidence" aria-label="Posts">
  <h2>Posts (${detail.evidence.length})</h2>
  ${detail.evidence.map((post) => evidenceCard(post, alert.id, triage && detail.evidence.length > 1, hidden))}
</section>
<section class="trail" aria-label="Audit trail">
  <h2>Audit trail</h2>
  <table><thead><tr><th>When</th><th>Who</th><th>Action</th><th>Status</th><th>Note</th></tr></thead>
  <tbody id="trail">${detail.events.map((e) => html`<tr>
    <td><time datetime="${e.created_at}">${isoMinute(e.created_at)}</time></td>
    <td><bdi>${e.actor}</bdi></td><td data-action="${e.action}">${eventLabel(e)}</td>
    <td>${e.from_status ?? ''}${e.to_status && e.to_status !== e.from_status ? ` → ${e.to_status}` : ''}</td>
    <td dir="auto">${e.note ?? ''}</td></tr>`)}</tbody></table>
</section>`;
  return renderPage({ title: `Alert ${alert.id}`, kind: 'detail', principal, alertId: alert.id, body });
}

/** Buttons for actions that make no sense in the current status are hidden (app.js keeps this current). */
function applicable(action: string, status: string): boolean {
  return !(STATUS_ACTIONS as readonly string[]).includes(action) || nextStatus(action as StatusAction, status) !== null;
}

function evidenceCard(post: Detail['evidence'][number], alertId: string, canSplit: boolean, hidden: SafeHtml): SafeHtml {
  return html`<article class="post sev-${post.severity}" data-post-id="${post.post_id}">
    <header>
      <span class="badge sev-${post.severity}">${post.severity} ${post.score}</span>
      <span class="chip">${categoryLabel(post.category)}</span>
      <span class="feed">${post.feed}</span>
      ${post.author ? html`<bdi class="author">${post.author}</bdi>` : ''}
      ${post.affiliation ? html`<span class="badge affiliation" title="who this source speaks for">speaks for: <bdi>${post.affiliation}</bdi></span>` : ''}
      ${agoTag(post.published_at)}
      ${post.url ? html`<a href="${post.url}" rel="noopener noreferrer nofollow" target="_blank" referrerpolicy="no-referrer">source</a>` : ''}
      ${post.deleted ? html`<span class="badge">deleted at source</span>` : ''}${post.edited ? html`<span class="badge">edited</span>` : ''}
    </header>
    <p class="post-text" dir="auto"${post.lang ? html` lang="${post.lang}"` : ''}>${renderPostText(post.text, post.highlights)}</p>
    ${post.truncated ? html`<p class="muted">(text cut for display)</p>` : ''}
    ${post.summary ? html`<p class="why" dir="auto">Why: ${post.summary}</p>` : ''}
    ${canSplit ? html`<form method="post" action="/alerts/${alertId}/act" class="split">${hidden}
      <input type="hidden" name="action" value="split"><input type="hidden" name="post_id" value="${post.post_id}">
      <button type="submit">Split into its own alert</button></form>` : ''}
  </article>`;
}
