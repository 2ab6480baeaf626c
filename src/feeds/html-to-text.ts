import { load } from 'cheerio';

/** Text, outbound links and media URLs found in an HTML fragment. */
export interface ReducedHtml {
  readonly text: string;
  readonly links: string[];
  readonly media: string[];
}

const DROPPED = 'script, style, noscript, template, head, object, embed';
const BLOCKS = 'p, div, li, ul, ol, h1, h2, h3, h4, h5, h6, blockquote, pre, tr, table, section, article, header, footer, figure, figcaption, dd, dt, hr';

/**
 * Reduces feed HTML (descriptions, content:encoded, Atom html content) to plain text: entities
 * decoded, <br> and block ends as newlines, scripts and styles dropped; letters are never altered.
 */
export function reduceHtml(html: string): ReducedHtml {
  if (!/[<&]/.test(html)) return { text: tidyWhitespace(html), links: [], media: [] };
  const $ = load(html, null, false);
  $(DROPPED).remove();
  const links = $('a[href]')
    .map((_, el) => $(el).attr('href') ?? '')
    .get();
  const media = $('img[src], video[src], audio[src], source[src], video[poster]')
    .map((_, el) => $(el).attr('src') ?? $(el).attr('poster') ?? '')
    .get();
  $('br').replaceWith('\n');
  $(BLOCKS).each((_, el) => {
    $(el).prepend('\n').append('\n');
  });
  return { text: tidyWhitespace($.root().text()), links, media };
}

/** Plain text of an HTML fragment; see reduceHtml. */
export function htmlToText(html: string): string {
  return reduceHtml(html).text;
}

/**
 * Collapses runs of spaces within lines and runs of blank lines; trims each line. Only ASCII
 * whitespace and NBSP are touched, so Arabic joiners (ZWNJ/ZWJ) and tatweel survive.
 */
export function tidyWhitespace(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
