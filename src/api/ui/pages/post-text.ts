import { html, type SafeHtml } from '../html.js';

export interface Highlight {
  readonly start: number;
  readonly end: number;
  readonly kind: string;
  readonly label: string;
}

/**
 * A post's original text as escaped segments, with the explanation's spans as <mark>. Spans are cut
 * on the original text first and each piece escaped after, so offsets stay true to the source.
 */
export function renderPostText(text: string, highlights: readonly Highlight[]): SafeHtml {
  const parts: SafeHtml[] = [];
  let at = 0;
  for (const h of highlights) {
    if (h.start < at || h.end > text.length) continue;
    if (h.start > at) parts.push(html`${text.slice(at, h.start)}`);
    parts.push(html`<mark class="hl-${h.kind}" title="${h.kind}: ${h.label}">${text.slice(h.start, h.end)}</mark>`);
    at = h.end;
  }
  if (at < text.length) parts.push(html`${text.slice(at)}`);
  return html`${parts}`;
}
