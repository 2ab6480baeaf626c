import type { z } from 'zod';
import type { alertDetailSchema } from '../../schemas/alert-schemas.js';
import { html, type SafeHtml } from '../html.js';
import { categoryLabel, counted } from '../labels.js';
import { agoTag } from '../time-text.js';
import { categoryChips } from './category-chips.js';
import { textGroups } from './detail-page.js';
import { renderPostText } from './post-text.js';

type Detail = z.infer<typeof alertDetailSchema>;

/** How many distinct texts a queue row shows when expanded: the strongest, and the most copied. */
const PREVIEW_TEXTS = 3;

/**
 * What a queue row shows when expanded in place (`o` / Enter): why the alert was raised and its top
 * texts with their highlighted spans, so a reviewer can triage without leaving the queue. app.js puts
 * this fragment under the row, as it does the rows themselves (server-escaped, one definition).
 */
export function queuePreview(detail: Detail): SafeHtml {
  const { alert } = detail;
  const groups = textGroups(detail);
  // The strongest post first (it made the severity), then the texts with most copies.
  const strongest = detail.evidence[0];
  const shown = strongest
    ? [groups.find((g) => g.posts.includes(strongest))!, ...groups.filter((g) => !g.posts.includes(strongest))].slice(0, PREVIEW_TEXTS)
    : [];
  return html`<div class="row-preview" data-preview="${alert.id}">
  <p class="preview-why"><b>Raised</b> as <span class="badge sev-${alert.severity}">${alert.severity}</span> (top score ${alert.score})
    on ${counted(alert.post_count, 'post')} from ${counted(alert.distinct_authors, 'account')} and ${counted(alert.distinct_sources, 'source')}${alert.campaign ? html`, a <span class="badge campaign">campaign</span> of copies` : ''}:
    ${categoryChips(alert)}</p>
  ${shown.map((g) => {
    const top = g.posts[0]!;
    return html`<div class="preview-post" data-post-id="${top.post_id}">
    <p class="post-text" dir="auto"${top.lang ? html` lang="${top.lang}"` : ''}>${renderPostText(top.text, top.highlights)}</p>
    <p class="muted">${g.clusterId ? html`<b>${counted(g.copies, 'copy', 'copies')}</b> from ${counted(g.accounts, 'account')} · ` : ''}<span class="chip">${categoryLabel(top.category)}</span>
      ${top.severity} ${top.score} · <bdi>${top.feed}</bdi> · ${agoTag(top.published_at)}</p>
    ${top.summary ? html`<p class="why" dir="auto">Why: ${top.summary}</p>` : ''}
  </div>`;
  })}
  <p class="preview-foot">${groups.length > shown.length ? html`<span class="muted">and ${counted(groups.length - shown.length, 'more text')} · </span>` : ''}<a href="/alerts/${alert.id}">Open the alert</a> <kbd>shift O</kbd>
    <span class="span-legend muted">· <mark class="hl-place">place</mark> <mark class="hl-threat">threat</mark> <mark class="hl-modifier">modifier</mark></span></p>
</div>`;
}
