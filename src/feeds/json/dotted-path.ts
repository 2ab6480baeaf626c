/**
 * Reads a dotted path ("data.items", "user.name", "media.0.url") from parsed JSON; undefined when any
 * step is missing. Own properties only, so "__proto__" or "constructor" never reach the prototype.
 */
export function readDottedPath(value: unknown, path: string | undefined): unknown {
  if (path === undefined || path === '') return value;
  let current: unknown = value;
  for (const step of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(step)) return undefined;
      current = current[Number(step)];
    } else {
      if (!Object.prototype.hasOwnProperty.call(current, step)) return undefined;
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}

/** A scalar at a path as text: strings as they are, finite numbers and booleans stringified; else null. */
export function readDottedText(value: unknown, path: string | undefined): string | null {
  if (path === undefined) return null;
  const found = readDottedPath(value, path);
  if (typeof found === 'string') return found;
  if ((typeof found === 'number' && Number.isFinite(found)) || typeof found === 'bigint') return String(found);
  return null;
}
