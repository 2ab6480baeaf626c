import { XMLParser } from 'fast-xml-parser';
import { PlacewatchError } from '../../errors.js';
import { isElement, asArray, type XmlElement, type XmlNode } from './xml-node.js';

export type FeedFormat = 'rss' | 'atom' | 'rdf';

/** A parsed feed: its format, channel-level element and items in document order. */
export interface FeedDocument {
  readonly format: FeedFormat;
  readonly channel: XmlElement;
  readonly items: XmlNode[];
}

/** Largest XML payload parsed in one go; safe-fetch caps downloads below this. */
export const MAX_XML_CHARS = 20 * 1024 * 1024;

// Elements that may repeat; always arrays so one item and many look the same.
const REPEATING = new Set(['item', 'entry', 'link', 'enclosure', 'media:content', 'media:thumbnail', 'media:group', 'author', 'category', 'atom:link']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Off: entities are decoded by decodeXmlEntities (5 predefined + numeric only); a DTD never gets here.
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  cdataPropName: '#cdata',
  textNodeName: '#text',
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name: string) => REPEATING.has(name),
});

function charsetOf(head: string): string | null {
  return /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1] ?? null;
}

/** Decodes payload bytes by BOM, then the XML declaration (Arabic feeds still use windows-1256), then UTF-8. */
export function decodeXmlBytes(body: string | Buffer, charsetHint?: string | null): string {
  if (typeof body === 'string') return body.replace(/^\uFEFF/, '');
  let label = 'utf-8';
  if (body[0] === 0xfe && body[1] === 0xff) label = 'utf-16be';
  else if (body[0] === 0xff && body[1] === 0xfe) label = 'utf-16le';
  else if (!(body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf)) {
    label = charsetOf(body.subarray(0, 256).toString('latin1')) ?? charsetHint ?? 'utf-8';
  }
  try {
    return new TextDecoder(label).decode(body).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('utf-8').decode(body).replace(/^\uFEFF/, '');
  }
}

/**
 * Refuses any document with a DTD or entity declaration before it reaches the parser: feeds never
 * need them, and they are how billion-laughs and external-entity attacks start.
 */
export function refuseDtd(xml: string, feed: string): void {
  const match = /<!(DOCTYPE|ENTITY)/i.exec(xml);
  if (match) {
    throw new PlacewatchError('FEED_PARSE_FAILED', `${feed}: document contains <!${match[1]!.toUpperCase()}; refused`, {
      feed,
      offset: match.index,
    });
  }
}

/** Parses an RSS 2.0, Atom 1.0 or RDF (RSS 1.0) document; throws FEED_PARSE_FAILED when it is none of them. */
export function parseFeedDocument(xml: string, feed: string): FeedDocument {
  if (xml.length > MAX_XML_CHARS) {
    throw new PlacewatchError('FEED_PARSE_FAILED', `${feed}: document larger than ${MAX_XML_CHARS} characters`, { feed });
  }
  refuseDtd(xml, feed);
  let tree: XmlElement;
  try {
    tree = parser.parse(xml) as XmlElement;
  } catch (error) {
    throw new PlacewatchError('FEED_PARSE_FAILED', `${feed}: not well-formed XML (${(error as Error).message})`, { feed }, { cause: error });
  }
  const rss = tree.rss;
  if (isElement(rss)) {
    const channel = rss.channel;
    const ch = isElement(channel) ? channel : {};
    return { format: 'rss', channel: ch, items: asArray(ch.item) };
  }
  const atom = tree.feed;
  if (isElement(atom)) return { format: 'atom', channel: atom, items: asArray(atom.entry) };
  const rdf = tree['rdf:RDF'];
  if (isElement(rdf)) {
    const channel = rdf.channel;
    return { format: 'rdf', channel: isElement(channel) ? channel : {}, items: asArray(rdf.item) };
  }
  const root = Object.keys(tree)[0];
  throw new PlacewatchError('FEED_PARSE_FAILED', root ? `${feed}: root element <${root}> is not rss, feed or rdf:RDF` : `${feed}: no XML element found`, {
    feed,
    root: root ?? null,
  });
}
