/** Bytes of the longest JSON number (e.g. -1.2345678901234567e-308). */
const MAX_NUMBER_BYTES = 25;
/** Most UTF-8 bytes one UTF-16 unit takes in JSON: a control character or a lone surrogate as \uXXXX. */
const MAX_BYTES_PER_UNIT = 6;
/** Past this nesting the estimate gives up rather than recurse further. */
const MAX_DEPTH = 64;

/**
 * True only when JSON.stringify(value) is certain to be at most `limit` UTF-8 bytes, judged from an
 * upper bound of each string's escaped size, without serialising. False when it may be more, and for
 * anything but plain objects, arrays and primitives (whose JSON a toJSON could change).
 */
export function jsonBytesAtMost(value: unknown, limit: number): boolean {
  return jsonBytesBound(value, limit, 0) <= limit;
}

/** An upper bound of the JSON's size, or a number over `budget` as soon as it is passed or unknown. */
function jsonBytesBound(value: unknown, budget: number, depth: number): number {
  switch (typeof value) {
    case 'string':
      return value.length * MAX_BYTES_PER_UNIT + 2;
    case 'number':
      return MAX_NUMBER_BYTES;
    case 'boolean':
    case 'undefined': // "null" in an array, nothing in an object: 5 bytes is more than either
      return 5;
    case 'object':
      if (value === null) return 4;
      if (depth >= MAX_DEPTH) return Infinity;
      return Array.isArray(value) ? arrayBound(value, budget, depth) : objectBound(value, budget, depth);
    default:
      return Infinity;
  }
}

/**
 * An array JSON.stringify writes element by element: a plain Array with no toJSON of its own
 * (a subclass or a toJSON could write anything).
 */
export function isPlainJsonArray(value: unknown[]): boolean {
  return Object.getPrototypeOf(value) === Array.prototype && !Object.hasOwn(value, 'toJSON');
}

/** An object JSON.stringify writes key by key: a plain object (a Date, class instance or boxed primitive has its own JSON). */
export function isPlainJsonObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function arrayBound(value: unknown[], budget: number, depth: number): number {
  if (!isPlainJsonArray(value)) return Infinity;
  let size = 2 + value.length; // brackets and commas
  for (let i = 0; i < value.length && size <= budget; i++) size += jsonBytesBound(value[i], budget - size, depth + 1);
  return size;
}

function objectBound(value: object, budget: number, depth: number): number {
  if (!isPlainJsonObject(value)) return Infinity;
  const source = value as Record<string, unknown>;
  let size = 2;
  for (const key of Object.keys(source)) {
    if (size > budget) break;
    // Quotes, colon and comma around each key.
    size += key.length * MAX_BYTES_PER_UNIT + 4 + jsonBytesBound(source[key], budget - size, depth + 1);
  }
  return size;
}
