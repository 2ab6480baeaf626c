import { isPlainJsonArray, isPlainJsonObject } from './json-size.js';

/** Deepest nesting of a raw item kept; deeper values are replaced by a marker (no recursion past it). */
export const MAX_RAW_DEPTH = 32;
/** Longest object key kept in a raw item. */
const MAX_RAW_KEY_CHARS = 256;

// NUL is the one character Postgres text and jsonb refuse; a lone surrogate has no UTF-8 form (jsonb
// refuses its \uD800 escape, and text would store a replacement made by the driver, not by us).
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// ES2024's String.prototype.isWellFormed (Node 20) is missing from the ES2023 lib the project compiles against.
type WellFormedString = string & { isWellFormed(): boolean };

/** True when cleanString would return the string unchanged: no NUL and no lone surrogate. */
export function isCleanString(value: string): boolean {
  return value.indexOf('\u0000') === -1 && (value as WellFormedString).isWellFormed();
}

/**
 * A string Postgres stores as given: NUL removed, each lone UTF-16 surrogate replaced by U+FFFD.
 *
 * @example cleanString('a\u0000b\uD800') === 'ab\uFFFD'
 */
export function cleanString(value: string): string {
  // Nearly every string is clean already: two native scans instead of two regex replaces (one with a lookbehind).
  if (isCleanString(value)) return value;
  return value.replace(NUL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** cleanString for optional fields. */
export function cleanOptional<T extends string | null | undefined>(value: T): T {
  return (typeof value === 'string' ? cleanString(value) : value) as T;
}

/** True when cleanRaw keeps the key as it is: clean and no longer than MAX_RAW_KEY_CHARS. */
export function isCleanKey(key: string): boolean {
  return key.length <= MAX_RAW_KEY_CHARS && isCleanString(key);
}

function cleanKey(key: string): string {
  return cleanString(key.length > MAX_RAW_KEY_CHARS ? key.slice(0, MAX_RAW_KEY_CHARS) : key);
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
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const cleaned = cleanRaw(source[key], depth + 1);
    if (cleaned === undefined) continue;
    const name = cleanKey(key);
    // Only "__proto__" is an accessor on a plain object: defined, it stays a key instead of replacing
    // the prototype. Every other key is assigned, which keeps the copy a fast-mode object.
    if (name === '__proto__') Object.defineProperty(out, name, { value: cleaned, enumerable: true, writable: true, configurable: true });
    else out[name] = cleaned;
  }
  return out;
}

/**
 * True when cleanRaw(value, depth) would serialise to exactly JSON.stringify(value): every string and
 * key clean, every number finite, only plain objects and arrays, none deeper than MAX_RAW_DEPTH, and
 * nothing JSON.stringify would treat differently (functions, symbols, bigints, toJSON). False means
 * only "not certain"; the caller then copies with cleanRaw.
 */
export function isCleanRaw(value: unknown, depth = 0): boolean {
  switch (typeof value) {
    case 'string':
      return isCleanString(value);
    case 'boolean':
    case 'undefined': // dropped from objects and null in arrays, by cleanRaw and JSON.stringify alike
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      if (value === null) return true;
      if (depth >= MAX_RAW_DEPTH) return false;
      return Array.isArray(value) ? isCleanArray(value, depth) : isCleanPlainObject(value, depth);
    default:
      return false;
  }
}

function isCleanArray(value: unknown[], depth: number): boolean {
  if (!isPlainJsonArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (!isCleanRaw(value[i], depth + 1)) return false;
  return true;
}

function isCleanPlainObject(value: object, depth: number): boolean {
  // A Date, a class instance or a boxed primitive is copied by cleanRaw, not by its toJSON.
  if (!isPlainJsonObject(value)) return false;
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    if (!isCleanKey(key) || !isCleanRaw(source[key], depth + 1)) return false;
  }
  return true;
}
