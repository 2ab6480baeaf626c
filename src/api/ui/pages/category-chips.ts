import type { AlertView } from '../../schemas/alert-schemas.js';
import { html, type SafeHtml } from '../html.js';
import { categoryLabel } from '../labels.js';

/** The incident's threat categories as chips, most posts first, each with its count. */
export function categoryChips(a: Pick<AlertView, 'category' | 'category_counts'>): SafeHtml {
  const counts = Object.entries(a.category_counts);
  const chips = counts.length ? counts.sort(([x, m], [y, n]) => n - m || x.localeCompare(y)) : [[a.category, 0] as [string, number]];
  return html`<span class="chips">${chips.map(([category, n]) => html`<span class="chip" data-category="${category}">${categoryLabel(category)}${n ? html` <b>${n}</b>` : ''}</span>`)}</span>`;
}
