import { PlacewatchError } from '../../errors.js';

/** Largest JSON payload parsed; checked on the bytes before JSON.parse ever sees them. */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;

/**
 * Parses a JSON payload after checking its size; throws FEED_PARSE_FAILED (one line, naming the
 * feed) when it is too large, not UTF-8 JSON, or nested deeper than the engine can parse.
 */
export function parseJsonPayload(body: string | Buffer, feed: string, maxBytes: number = MAX_JSON_BYTES): unknown {
  const size = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  if (size > maxBytes) {
    throw new PlacewatchError('FEED_PARSE_FAILED', `${feed}: JSON payload of ${size} bytes exceeds ${maxBytes}`, { feed, size });
  }
  const text = (typeof body === 'string' ? body : body.toString('utf8')).replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof RangeError ? 'nested too deeply' : (error as Error).message.split('\n')[0];
    throw new PlacewatchError('FEED_PARSE_FAILED', `${feed}: not valid JSON (${reason})`, { feed }, { cause: error });
  }
}

/** Throws FEED_PARSE_FAILED naming what the payload should have been. */
export function payloadShapeError(feed: string, expected: string, detail?: string): PlacewatchError {
  return new PlacewatchError('FEED_PARSE_FAILED', `${feed}: expected ${expected}${detail ? ` (${detail})` : ''}`, { feed, expected });
}
