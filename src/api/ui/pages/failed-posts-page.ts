import type { FailedPostView } from '../../../posts/index.js';
import type { Principal } from '../../auth/principal.js';
import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';

/** Failed posts per page of the dead-letter view. */
export const FAILED_PAGE_SIZE = 50;

export interface FailedPostsPageData {
  readonly rows: readonly FailedPostView[];
  readonly total: number;
  /** 1-based. */
  readonly page: number;
  readonly flash?: string | undefined;
}

const when = (iso: string) => html`<time datetime="${iso}">${iso.replace('T', ' ').slice(0, 19)} UTC</time>`;

function pager(data: FailedPostsPageData): SafeHtml {
  const pages = Math.max(1, Math.ceil(data.total / FAILED_PAGE_SIZE));
  if (pages === 1) return html``;
  const first = (data.page - 1) * FAILED_PAGE_SIZE + 1;
  const last = Math.min(data.total, first + data.rows.length - 1);
  return html`<nav class="pager" aria-label="Pages"><span class="muted">${first}–${last} of ${data.total}</span>
  ${data.page > 1 ? html`<a href="/failed?page=${data.page - 1}" rel="prev">Newer</a>` : ''}
  <span>page ${data.page} of ${pages}</span>
  ${data.page < pages ? html`<a href="/failed?page=${data.page + 1}" rel="next">Older</a>` : ''}</nav>`;
}

/**
 * The operators' dead-letter view of posts: the ones the analyzer failed on or Postgres refused,
 * newest first, with Retry (one) and Retry all, which go through the same retry as `placewatch failed retry`.
 */
export function failedPostsPage(principal: Principal, data: FailedPostsPageData): string {
  const csrf = html`<input type="hidden" name="_csrf" value="${principal.session?.csrf_token ?? ''}">`;
  const body = html`<h1>Failed posts <span class="count">(${data.total})</span></h1>
${data.flash ? html`<p class="flash" role="status">${data.flash}</p>` : ''}
<p class="muted">Posts the analyzer failed on or the database refused. Retry puts a post back on the analyze queue; once stored it leaves this list, and if it fails again it comes back with the new error. The same as <code>placewatch failed list</code> and <code>placewatch failed retry</code>.</p>
${data.total > 0 ? html`<form method="post" action="/failed/retry-all" class="retry-all">${csrf}<button type="submit">Retry all ${data.total}</button></form>` : ''}
${pager(data)}
${
  data.rows.length === 0
    ? html`<p class="empty" id="failed-empty">${data.total === 0 ? 'No failed posts.' : 'No failed posts on this page.'}</p>`
    : html`<table class="failed-posts"><thead><tr><th>Failed</th><th>Feed</th><th>Item id</th><th>Attempts</th><th>Error</th><th>Text</th><th></th></tr></thead><tbody>
${data.rows.map(
  (
    r,
  ) => html`<tr data-failed-id="${r.id}"><td>${when(r.failedAt)}</td><td><bdi>${r.feed}</bdi></td><td class="item-id"><bdi>${r.externalId}</bdi></td><td>${r.attempts}</td>
  <td class="last-error" dir="auto"><span title="${r.error}">${r.error}</span></td><td class="excerpt" dir="auto"><span>${r.textStart}</span></td>
  <td><form method="post" action="/failed/${r.id}/retry">${csrf}<button type="submit">Retry</button></form></td></tr>`,
)}
</tbody></table>`
}
${pager(data)}`;
  return renderPage({ title: 'Failed posts', kind: 'failed', principal, body });
}
