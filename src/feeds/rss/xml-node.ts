/** A node as fast-xml-parser returns it: text, an element object, or an array of either. */
export type XmlNode = unknown;
export type XmlElement = Record<string, unknown>;

const XML_ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function codePoint(value: number): string {
  const valid = value > 0 && value <= 0x10ffff && !(value >= 0xd800 && value <= 0xdfff);
  return valid ? String.fromCodePoint(value) : '\uFFFD';
}

/**
 * Decodes the five predefined XML entities and numeric character references, nothing else: the
 * parser runs with entity processing off, so no declared entity can ever expand.
 */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(XML_ENTITY, (_, name?: string, dec?: string, hex?: string) => {
    if (name) return NAMED[name]!;
    return codePoint(dec ? Number(dec) : parseInt(hex!, 16));
  });
}

/** True for an element object (not text, not a list). */
export function isElement(node: XmlNode): node is XmlElement {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

/** The node as a list (fast-xml-parser gives one child as a value, several as an array). */
export function asArray(node: XmlNode): XmlNode[] {
  if (node === undefined || node === null) return [];
  return Array.isArray(node) ? node : [node];
}

/** The character content of a node: text decoded, CDATA verbatim, child elements' text joined. */
export function textOf(node: XmlNode): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string') return decodeXmlEntities(node);
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return node.length > 0 ? textOf(node[0]) : '';
  if (!isElement(node)) return '';
  const own = ['#text', '#cdata'].flatMap((key) => asArray(node[key]).map((part) => (key === '#cdata' ? String(part) : textOf(part))));
  if (own.length > 0) return own.join('');
  // Atom xhtml content arrives as nested elements; their text in document order is close enough.
  return Object.entries(node)
    .filter(([key]) => !key.startsWith('@_'))
    .flatMap(([, child]) => asArray(child).map(textOf))
    .filter((part) => part !== '')
    .join(' ');
}

/** An attribute's decoded value, or null. */
export function attrOf(node: XmlNode, name: string): string | null {
  const element = Array.isArray(node) ? node[0] : node;
  if (!isElement(element)) return null;
  const value = element[`@_${name}`];
  return typeof value === 'string' ? decodeXmlEntities(value) : null;
}

/** The first non-empty text among several child names. */
export function firstText(element: XmlElement, ...names: string[]): string {
  for (const name of names) {
    const text = textOf(element[name]).trim();
    if (text) return text;
  }
  return '';
}
