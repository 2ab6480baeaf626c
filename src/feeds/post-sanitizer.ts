/** Deepest nesting of a raw item kept; deeper values are replaced by a marker (no recursion past it). */
export const MAX_RAW_DEPTH = 32;
/** Longest object key kept in a raw item. */
const MAX_RAW_KEY_CHARS = 256;

// NUL is the one character Postgres text and jsonb refuse; a lone surrogate has no UTF-8 form (jsonb
// refuses its \uD800 escape, and text would store a replacement made by the driver, not by us).
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A string Postgres stores as given: NUL removed, each lone UTF-16 surrogate replaced by U+FFFD.
 *
 * @example cleanString('a\u0000b\uD800') === 'ab\uFFFD'
 */
export function cleanString(value: string): string {
  return value.replace(NUL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** cleanString for optional fields. */
export function cleanOptional<T extends string | null | undefined>(value: T): T {
  return (typeof value === 'string' ? cleanString(value) : value) as T;
}

/**
 * A JSON-safe copy of a raw source item: strings and keys cleaned, values that JSON cannot hold
 * dropped, and anything nested deeper than MAX_RAW_DEPTH replaced by a marker string, so that neither
 * JSON.stringify nor Postgres can choke on it however hostile the item.
 */
export function cleanRaw(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return cleanString(value);
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'object') return undefined; // functions, symbols, bigints: nothing JSON keeps
  if (depth >= MAX_RAW_DEPTH) return `[nested deeper than ${MAX_RAW_DEPTH} levels]`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map((item) => cleanRaw(item, depth + 1) ?? null);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const cleaned = cleanRaw(item, depth + 1);
    // defineProperty: a "__proto__" key stays a key instead of replacing the prototype.
    if (cleaned !== undefined)
      Object.defineProperty(out, cleanString(key.slice(0, MAX_RAW_KEY_CHARS)), { value: cleaned, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
