import type { PostDraft } from '../build-post.js';
import { asArray, attrOf, firstText, isElement, textOf, type XmlElement, type XmlNode } from './xml-node.js';
import { composeItemText } from './item-text.js';
import { declaredMedia } from './rss-item.js';

function linkHref(entry: XmlElement, rel: string): string | null {
  for (const link of asArray(entry.link)) {
    const linkRel = attrOf(link, 'rel') ?? 'alternate';
    const href = attrOf(link, 'href');
    if (linkRel === rel && href) return href;
  }
  return null;
}

function linksWithRel(entry: XmlElement, rel: string): string[] {
  return asArray(entry.link)
    .filter((link) => attrOf(link, 'rel') === rel)
    .map((link) => attrOf(link, 'href') ?? '')
    .filter((href) => href !== '');
}

/** Atom text constructs: type="text" is plain, "html" is escaped HTML, "xhtml" inline markup. */
function constructText(node: XmlNode): { value: string; html: boolean } {
  const type = attrOf(node, 'type') ?? 'text';
  return { value: textOf(node), html: type !== 'text' };
}

function authorOf(node: XmlNode): PostDraft['author'] | null {
  const author = asArray(node).find(isElement);
  if (!author) return null;
  const name = firstText(author, 'name');
  const uri = firstText(author, 'uri');
  if (!name && !uri) return null;
  const handle = /^@([\w.]{1,64})$/.exec(name)?.[1] ?? null;
  return { id: uri || null, handle, displayName: handle ? null : name || null };
}

/** Reads one Atom entry into a draft; null when it is not even an element. */
export function atomEntryToDraft(node: XmlNode, feed: XmlElement, langHint: string | null): PostDraft | null {
  if (!isElement(node)) return null;
  const entry = node;
  const title = constructText(entry.title);
  const content = constructText(entry.content);
  const summary = constructText(entry.summary);
  const body = content.value ? content : summary;
  const text = composeItemText(title.value, body.html ? body.value : escapeText(body.value), title.html);
  return {
    externalId: firstText(entry, 'id') || null,
    title: text.title,
    text: text.text,
    author: authorOf(entry.author) ?? authorOf(feed.author) ?? undefined,
    lang: attrOf(entry, 'xml:lang'),
    langHint: attrOf(feed, 'xml:lang') ?? langHint,
    published: firstText(entry, 'published', 'updated') || null,
    fallbackPublished: firstText(feed, 'updated') || null,
    url: linkHref(entry, 'alternate'),
    links: [...text.links, ...linksWithRel(entry, 'related')],
    media: [...linksWithRel(entry, 'enclosure'), ...declaredMedia(entry), ...text.media],
    raw: entry,
  };
}

// Plain Atom text may contain "<" that must stay text when it passes through the HTML reducer.
function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
