import type { JsonMapping } from '../../config/index.js';
import { reduceHtml } from '../html-to-text.js';
import type { DraftOrReason } from '../page-items.js';
import { payloadShapeError } from './json-payload.js';
import { readDottedPath, readDottedText } from './dotted-path.js';

/** The mapping a webhook uses when its config names none: the file-import row format. */
export const DEFAULT_ITEM_MAPPING: JsonMapping = {
  id: 'id',
  text: 'text',
  time: 'published_at',
  url: 'url',
  author: 'author',
  lang: 'lang',
  html: false,
};

/**
 * The item array of a payload: at `mapping.items`, or the payload itself when it is an array, or its
 * `items` / `data` / `posts` array. Throws FEED_PARSE_FAILED when there is none.
 */
export function mappedItems(json: unknown, mapping: JsonMapping, feed: string): unknown[] {
  if (mapping.items !== undefined) {
    const found = readDottedPath(json, mapping.items);
    if (!Array.isArray(found)) throw payloadShapeError(feed, `an array at "${mapping.items}"`);
    return found;
  }
  if (Array.isArray(json)) return json;
  for (const key of ['items', 'data', 'posts']) {
    const found = readDottedPath(json, key);
    if (Array.isArray(found)) return found;
  }
  // A single item posted on its own.
  if (json !== null && typeof json === 'object' && readDottedText(json, mapping.id) !== null) return [json];
  throw payloadShapeError(feed, 'an array of items (or {items: [...]})');
}

/** Epoch seconds or milliseconds as text → ISO; other text unchanged for parsePublishedTime. */
function timeText(value: string): string {
  if (!/^\d{9,13}(?:\.\d+)?$/.test(value)) return value;
  const n = Number(value);
  return new Date(n < 1e11 ? n * 1000 : n).toISOString();
}

/** Reads one item through a mapping; an item without id or text, or with a non-scalar field, is a reason. */
export function mappedItemToDraft(item: unknown, mapping: JsonMapping, langHint: string | null): DraftOrReason {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return { reason: 'item is not a JSON object' };
  const id = readDottedText(item, mapping.id);
  if (!id?.trim()) return { reason: `${mapping.id}: missing or not a string/number` };
  const rawText = readDottedText(item, mapping.text);
  if (rawText === null) return { reason: `${mapping.text}: missing or not a string` };
  // A missing time is no reason to drop the item: buildPost stands the fetch time in, marked.
  const time = readDottedText(item, mapping.time)?.trim() || null;
  const body = mapping.html ? reduceHtml(rawText) : { text: rawText, links: [], media: [] };
  const author = readDottedText(item, mapping.author)?.trim() || null;
  // "@hawk" or "hawk" is a handle; "Local Council" is a name.
  const handle = author && /^@?[\w.]{1,64}$/.test(author) ? author.replace(/^@/, '') : null;
  return {
    externalId: id,
    text: body.text,
    author: {
      id: readDottedText(item, mapping.author_id),
      handle,
      displayName: readDottedText(item, mapping.author_name) ?? (handle ? null : author),
    },
    lang: readDottedText(item, mapping.lang),
    langHint,
    published: time === null ? null : timeText(time),
    url: readDottedText(item, mapping.url),
    links: body.links,
    media: body.media,
    raw: item,
  };
}
