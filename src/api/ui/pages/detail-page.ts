import type { z } from 'zod';
import type { Principal } from '../../auth/principal.js';
import type { alertDetailSchema } from '../../schemas/alert-schemas.js';
import { nextStatus, STATUS_ACTIONS, type StatusAction } from '../../../alerts/index.js';
import { roleCan } from '../../../users/index.js';
import { barChart } from '../bar-chart.js';
import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';
import { CATEGORY_COLOURS, categoryLabel, counted, eventLabel } from '../labels.js';
import { bucketText, postTimeline } from '../post-timeline.js';
import { agoTag, isoMinute } from '../time-text.js';
import { renderPostText } from './post-text.js';
import { categoryChips } from './category-chips.js';

type Detail = z.infer<typeof alertDetailSchema>;
type Post = Detail['evidence'][number];

const ACTIONS: ReadonlyArray<{ action: string; label: string; key: string; triage: boolean }> = [
  { action: 'acknowledge', label: 'Acknowledge', key: 'a', triage: false },
  { action: 'escalate', label: 'Escalate', key: 'e', triage: true },
  { action: 'resolve', label: 'Resolve', key: 'r', triage: true },
  { action: 'false_positive', label: 'False positive', key: 'f', triage: true },
  { action: 'reopen', label: 'Reopen', key: '', triage: true },
  { action: 'claim', label: 'Claim', key: '', triage: true },
];

/** Copies of one text (a near-duplicate cluster) or a post without copies: one row on the alert page. */
export interface TextGroup {
  readonly clusterId: string | null;
  /** The listed posts, strongest first; the first one's text stands for the group. */
  readonly posts: readonly Post[];
  /** All copies in the alert (the cluster's own count, which may exceed the listed posts). */
  readonly copies: number;
  readonly accounts: number;
  readonly sources: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
}

export interface DetailOptions {
  readonly flash?: string;
  /** Every post's time and category (not only the listed ones), for the timeline. */
  readonly times?: ReadonlyArray<{ published_at: Date | string; category: string }>;
}

/**
 * One alert: what, where, since when. The main column pins the strongest post, draws the posts over
 * time and lists each distinct text once (copies collapsed, with their account counts); the side
 * column holds the facts, actions and audit trail, so none of them is below a long list of copies.
 */
export function detailPage(principal: Principal, detail: Detail, options: DetailOptions = {}): string {
  const { alert } = detail;
  const csrf = principal.session?.csrf_token ?? '';
  const triage = roleCan(principal.user.role, 'alerts:triage');
  const hidden = html`<input type="hidden" name="_csrf" value="${csrf}">`;
  const pinned = detail.evidence[0];
  const groups = textGroups(detail);
  const canSplit = triage && detail.evidence.length > 1;
  const body = html`
<p><a href="/alerts" class="back">← Queue</a></p>
${options.flash ? html`<p class="flash" role="status">${options.flash}</p>` : ''}
<div class="alert-layout">
<section class="alert-head sev-${alert.severity}">
  <h1><bdi>${alert.place_name}</bdi> <span class="badge sev-${alert.severity}">${alert.severity}</span>
    ${alert.campaign ? html`<span class="badge campaign">campaign</span>` : ''}</h1>
  <p class="facets">${categoryChips(alert)}</p>
  <p class="evidence-line">${counted(alert.post_count, 'post')}, ${counted(alert.distinct_authors, 'account')}, ${counted(alert.distinct_sources, 'source')}${groups.length > 1 ? `, ${counted(groups.length, 'distinct text')}` : ''}; top score ${alert.score}</p>
</section>
${
  pinned
    ? html`<section class="pinned" aria-label="Strongest post">
  <h2>Strongest post</h2>
  ${evidenceCard(pinned, alert.id, canSplit, hidden)}
  ${spanLegend()}
</section>`
    : ''
}
<aside class="alert-side" aria-label="Facts, actions and audit trail">
  <dl class="facts">
    <dt>Status</dt><dd><span class="status st-${alert.status}" data-field="status">${alert.status.replace('_', ' ')}</span>${alert.silenced ? ' (silenced)' : ''}</dd>
    <dt>Severity</dt><dd><span class="badge sev-${alert.severity}">${alert.severity}</span></dd>
    <dt>Place</dt><dd><a href="/places/${alert.place}"><bdi>${alert.place_name}</bdi></a></dd>
    <dt>Assignee</dt><dd data-field="assignee"><bdi>${alert.assignee ?? 'nobody'}</bdi></dd>
    <dt>First seen</dt><dd>${isoMinute(alert.first_seen)} (${agoTag(alert.first_seen)})</dd>
    <dt>Last post</dt><dd>${isoMinute(alert.last_seen)} (${agoTag(alert.last_seen)})</dd>
    <dt>Last action</dt><dd data-field="last-action">${detail.last_action_at ? agoTag(detail.last_action_at) : 'none yet'}</dd>
    <dt>Evidence</dt><dd>${counted(alert.post_count, 'post')}, ${counted(alert.distinct_authors, 'account')}, ${counted(alert.distinct_sources, 'source')}, top score ${alert.score}</dd>
    ${alert.linked_alert_id ? html`<dt>Linked</dt><dd><a href="/alerts/${alert.linked_alert_id}">alert ${alert.linked_alert_id}</a></dd>` : ''}
  </dl>
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
    ${
      triage
        ? html`<form method="post" action="/alerts/${alert.id}/act" class="merge">
      ${hidden}<input type="hidden" name="action" value="merge">
      <label>Merge into alert <input name="into" inputmode="numeric" pattern="[0-9]+" size="6" required></label>
      <button type="submit">Merge</button>
    </form>`
        : ''
    }
  </section>
  <section class="trail" aria-label="Audit trail">
    <h2>Audit trail <span class="count">(${detail.events.length})</span></h2>
    <ol id="trail" class="trail-list" reversed>${[...detail.events].reverse().map(
      (e) => html`<li>
      <time datetime="${e.created_at}">${isoMinute(e.created_at)}</time> <bdi class="actor">${e.actor}</bdi>
      <span class="trail-action" data-action="${e.action}">${eventLabel(e)}</span>${statusChange(e)}
      ${e.note ? html`<p class="trail-note" dir="auto">${e.note}</p>` : ''}</li>`,
    )}</ol>
  </section>
</aside>
${options.times && options.times.length > 1 ? timelineBlock(options.times) : ''}
${
  detail.evidence.length > 1
    ? html`<section class="texts" aria-label="Posts by text">
  <h2>${counted(groups.length, 'text')} in ${counted(alert.post_count, 'post')}${detail.clusters.length ? html` <span class="count">(${counted(detail.clusters.length, 'copied text')})</span>` : ''}</h2>
  ${detail.evidence.length < alert.post_count ? html`<p class="muted">The ${detail.evidence.length} strongest posts are listed; counts cover all copies.</p>` : ''}
  <div class="text-groups">${groups.map((g) => groupBlock(g, alert.id, canSplit, hidden, triage && g.clusterId !== null && g.posts.length < detail.evidence.length))}</div>
</section>`
    : ''
}
</div>`;
  return renderPage({ title: `Alert ${alert.id}`, kind: 'detail', principal, alertId: alert.id, body });
}

/**
 * The listed posts grouped by near-duplicate cluster (a post without copies is a group of its own),
 * with the cluster's own figures where the repository counted them, most copies first.
 */
export function textGroups(detail: Pick<Detail, 'evidence' | 'clusters'>): TextGroup[] {
  const byKey = new Map<string, Post[]>();
  for (const post of detail.evidence) {
    const key = post.cluster_id ? `c:${post.cluster_id}` : `p:${post.post_id}`;
    const list = byKey.get(key);
    if (list) list.push(post);
    else byKey.set(key, [post]);
  }
  const counted = new Map(detail.clusters.map((c) => [c.cluster_id, c]));
  const groups = [...byKey.values()].map((posts): TextGroup => {
    const clusterId = posts[0]!.cluster_id;
    const known = clusterId ? counted.get(clusterId) : undefined;
    const times = posts.map((p) => p.published_at).sort();
    return {
      clusterId,
      posts,
      copies: known?.posts ?? posts.length,
      // An unknown author counts as one account per post: never fewer accounts than we can vouch for.
      accounts: known?.accounts ?? new Set(posts.map((p) => p.author ?? `post:${p.post_id}`)).size,
      sources: known?.sources ?? new Set(posts.map((p) => p.feed)).size,
      firstSeen: known?.first_seen ?? times[0]!,
      lastSeen: known?.last_seen ?? times.at(-1)!,
    };
  });
  return groups.sort((a, b) => b.copies - a.copies || b.posts[0]!.score - a.posts[0]!.score || a.firstSeen.localeCompare(b.firstSeen));
}

/** One distinct text, collapsed to its figures and two lines; open, its highlighted text and every listed copy. */
function groupBlock(group: TextGroup, alertId: string, canSplit: boolean, hidden: SafeHtml, canSplitCluster: boolean): SafeHtml {
  const top = group.posts[0]!;
  const span = group.firstSeen === group.lastSeen ? isoMinute(group.firstSeen) : `${isoMinute(group.firstSeen)} – ${isoMinute(group.lastSeen)}`;
  return html`<details class="text-group sev-${top.severity}" data-cluster="${group.clusterId ?? ''}" data-copies="${group.copies}">
  <summary>
    <span class="group-figures"><b>${group.clusterId ? counted(group.copies, 'copy', 'copies') : '1 post'}</b>
      · ${counted(group.accounts, 'account')} · ${counted(group.sources, 'source')}
      <span class="badge sev-${top.severity}">${top.severity} ${top.score}</span> <span class="chip">${categoryLabel(top.category)}</span>
      <span class="muted">${span}</span></span>
    <span class="row-text" dir="auto"${top.lang ? html` lang="${top.lang}"` : ''}>${top.text}</span>
  </summary>
  <div class="group-body">
    <p class="post-text" dir="auto"${top.lang ? html` lang="${top.lang}"` : ''}>${renderPostText(top.text, top.highlights)}</p>
    ${top.summary ? html`<p class="why" dir="auto">Why: ${top.summary}</p>` : ''}
    <table class="copies-table"><thead><tr><th scope="col">Posted</th><th scope="col">Account</th><th scope="col">Source</th><th scope="col">Score</th><th scope="col"><span class="sr">Actions</span></th></tr></thead>
    <tbody>${group.posts.map(
      (post) => html`<tr data-post-id="${post.post_id}">
      <td>${agoTag(post.published_at)}</td>
      <td>${post.author ? html`<bdi class="author">${post.author}</bdi>` : html`<span class="muted">unknown</span>`}${post.affiliation ? html` <span class="badge affiliation" title="who this source speaks for">speaks for: <bdi>${post.affiliation}</bdi></span>` : ''}</td>
      <td><bdi>${post.feed}</bdi>${post.url ? html` <a href="${post.url}" rel="noopener noreferrer nofollow" target="_blank" referrerpolicy="no-referrer">link</a>` : ''}${post.deleted ? html` <span class="badge">deleted</span>` : ''}</td>
      <td>${post.score}</td>
      <td>${canSplit ? splitForm(alertId, post.post_id, hidden, 'Split') : ''}</td></tr>`,
    )}</tbody></table>
    ${group.posts.length < group.copies ? html`<p class="muted">${group.posts.length} of ${counted(group.copies, 'copy', 'copies')} listed.</p>` : ''}
    ${
      canSplitCluster
        ? html`<form method="post" action="/alerts/${alertId}/act" class="split split-cluster">${hidden}
      <input type="hidden" name="action" value="split"><input type="hidden" name="cluster_id" value="${group.clusterId ?? ''}">
      <button type="submit">Split these ${counted(group.copies, 'copy', 'copies')} into their own alert</button></form>`
        : ''
    }
  </div>
</details>`;
}

/** Posts of the alert per time bucket, coloured by category, drawn on the server. */
function timelineBlock(times: NonNullable<DetailOptions['times']>): SafeHtml {
  const timeline = postTimeline(times);
  const categories = [...new Set(times.map((t) => t.category))].sort();
  return html`<section class="timeline" aria-label="Posts over time">
  <h2>Posts over time <span class="count">(per ${bucketText(timeline.bucketMs)})</span></h2>
  ${barChart(timeline.bars, { title: `Posts per ${bucketText(timeline.bucketMs)}`, colours: CATEGORY_COLOURS, height: 60, className: 'bar-chart timeline-chart' })}
  <div class="chart-axis"><span>${isoMinute(timeline.from)}</span><span>${isoMinute(timeline.to)}</span></div>
  ${categories.length > 1 ? html`<ul class="legend">${categories.map((c) => html`<li><svg viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" fill="${CATEGORY_COLOURS[c] ?? '#888888'}"/></svg>${categoryLabel(c)}</li>`)}</ul>` : ''}
</section>`;
}

function spanLegend(): SafeHtml {
  return html`<p class="span-legend muted">Marked: <mark class="hl-place">place</mark> <mark class="hl-threat">threat</mark> <mark class="hl-modifier">modifier</mark></p>`;
}

function statusChange(e: Detail['events'][number]): SafeHtml | string {
  if (!e.to_status || e.to_status === e.from_status) return '';
  return html` <span class="muted">${e.from_status ? `${e.from_status.replace('_', ' ')} → ` : ''}${e.to_status.replace('_', ' ')}</span>`;
}

/** Buttons for actions that make no sense in the current status are hidden (app.js keeps this current). */
function applicable(action: string, status: string): boolean {
  return !(STATUS_ACTIONS as readonly string[]).includes(action) || nextStatus(action as StatusAction, status) !== null;
}

function splitForm(alertId: string, postId: string, hidden: SafeHtml, label: string): SafeHtml {
  return html`<form method="post" action="/alerts/${alertId}/act" class="split">${hidden}
      <input type="hidden" name="action" value="split"><input type="hidden" name="post_id" value="${postId}">
      <button type="submit" title="Move this post into an alert of its own">${label}</button></form>`;
}

function evidenceCard(post: Post, alertId: string, canSplit: boolean, hidden: SafeHtml): SafeHtml {
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
    ${canSplit ? splitForm(alertId, post.post_id, hidden, 'Split into its own alert') : ''}
  </article>`;
}
