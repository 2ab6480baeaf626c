/** Deepest nesting accepted in one JSONL line; a post needs a handful of levels. */
export const MAX_LINE_DEPTH = 64;

/**
 * The deepest nesting of objects and arrays in a JSON text, counted in one pass that skips strings,
 * stopping as soon as it passes `limit`. JSON.parse and everything after it recurse per level, so a
 * line 10,000 levels deep is refused here, before it can overflow the stack.
 */
export function jsonDepthOver(text: string, limit: number): boolean {
  // Nesting never exceeds the number of brackets that open it: counting them with native searches
  // settles nearly every line without the character-by-character walk.
  if (openersAtMost(text, limit)) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** True when the text holds at most `limit` '{' and '[' together, strings included. */
function openersAtMost(text: string, limit: number): boolean {
  let count = 0;
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) if (++count > limit) return false;
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) if (++count > limit) return false;
  return true;
}

/** One JSONL line parsed into an object, or the reason it cannot be one (too deep, not JSON, not an object). */
export function parseJsonLine(text: string, maxDepth: number = MAX_LINE_DEPTH): { row: object } | { reason: string } {
  if (jsonDepthOver(text, maxDepth)) return { reason: `JSON nested deeper than ${maxDepth} levels` };
  let row: unknown;
  try {
    row = JSON.parse(text);
  } catch (error) {
    return { reason: `not JSON: ${(error as Error).message}` };
  }
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return { reason: 'not a JSON object' };
  return { row };
}
