import { reduceHtml, tidyWhitespace, type ReducedHtml } from '../html-to-text.js';

/** The post text, outbound links and inline media of an item. */
export interface ItemText extends ReducedHtml {
  readonly title: string;
}

const ELLIPSIS = /(?:…|\.\.\.)$/;
// Nitter prefixes retweets and replies in the title only.
const BRIDGE_PREFIX = /^(?:RT by @[\w.]+|R to @[\w.]+):\s*/;

function comparable(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Joins a title and an HTML body into one text. Bridges (Nitter, RSSHub for Telegram) repeat the
 * start of the body as the title, so a title that prefixes the body is dropped; a real headline
 * (news) is kept above the body.
 */
export function composeItemText(titleHtml: string, bodyHtml: string, isHtmlTitle = true): ItemText {
  const title = isHtmlTitle ? reduceHtml(titleHtml).text : tidyWhitespace(titleHtml);
  const body = reduceHtml(bodyHtml);
  if (!body.text) return { ...body, title, text: title };
  if (!title) return { ...body, title };
  const head = comparable(title).replace(BRIDGE_PREFIX, '').replace(ELLIPSIS, '').trim();
  const text = comparable(body.text).startsWith(head) ? body.text : `${title}\n\n${body.text}`;
  return { ...body, title, text };
}
