import type { PostDraft } from '../build-post.js';
import { asArray, attrOf, firstText, isElement, textOf, type XmlElement, type XmlNode } from './xml-node.js';
import { composeItemText } from './item-text.js';

/** Media URLs an item declares outside its HTML (enclosures, Media RSS). */
export function declaredMedia(item: XmlElement): string[] {
  const urls: string[] = [];
  for (const node of asArray(item.enclosure)) urls.push(attrOf(node, 'url') ?? '');
  const groups = [item, ...asArray(item['media:group']).filter(isElement)];
  for (const group of groups) {
    for (const node of asArray(group['media:content'])) urls.push(attrOf(node, 'url') ?? '');
    for (const node of asArray(group['media:thumbnail'])) urls.push(attrOf(node, 'url') ?? '');
  }
  return urls.filter((u) => u !== '');
}

/** Splits an RSS author: "@handle", "mail@example.org (Name)" or a display name. */
export function splitAuthor(value: string): PostDraft['author'] {
  const text = value.trim();
  if (!text) return { id: null, handle: null, displayName: null };
  const handle = /^@([\w.]{1,64})$/.exec(text);
  if (handle) return { id: null, handle: handle[1]!, displayName: null };
  const mail = /^[^\s@()]+@[^\s@()]+\s*\((.+)\)$/.exec(text);
  if (mail) return { id: null, handle: null, displayName: mail[1]!.trim() };
  return { id: null, handle: null, displayName: text };
}

/** Reads one RSS 2.0 or RDF item into a draft; null when it is not even an element. */
export function rssItemToDraft(node: XmlNode, channel: XmlElement, langHint: string | null): PostDraft | null {
  if (!isElement(node)) return null;
  const item = node;
  const guid = textOf(item.guid).trim();
  const permalink = attrOf(item.guid, 'isPermaLink') !== 'false' && /^https?:\/\//i.test(guid) ? guid : null;
  const link = firstText(item, 'link') || attrOf(item['atom:link'], 'href') || permalink;
  const body = textOf(item['content:encoded']) || textOf(item.description);
  const content = composeItemText(textOf(item.title), body);
  return {
    externalId: guid || attrOf(item, 'rdf:about') || null,
    title: content.title,
    text: content.text,
    author: splitAuthor(firstText(item, 'dc:creator', 'author')),
    lang: firstText(item, 'dc:language') || null,
    langHint: firstText(channel, 'language', 'dc:language') || langHint,
    published: firstText(item, 'pubDate', 'dc:date', 'published', 'updated') || null,
    fallbackPublished: firstText(channel, 'pubDate', 'lastBuildDate', 'dc:date') || null,
    url: link,
    links: content.links,
    media: [...declaredMedia(item), ...content.media],
    raw: item,
  };
}
