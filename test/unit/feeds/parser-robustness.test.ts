import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlacewatchError } from '../../../src/errors.js';
import { parsePayload } from '../../../src/feeds/index.js';
import { MAX_JSON_BYTES } from '../../../src/feeds/json/json-payload.js';

const KINDS = ['mastodon', 'bluesky', 'telegram', 'reddit', 'x', 'json', 'webhook'] as const;
const mapping = { id: 'id', text: 'text', time: 'time', html: false } as const;

/** Parses and reports: posts + skipped, or the PlacewatchError code; anything else fails the test. */
function outcome(kind: string, body: string | Buffer): string {
  try {
    const r = parsePayload(kind, body, 'fuzz', { mapping });
    return `ok:${r.posts.length}+${r.skipped.length}`;
  } catch (error) {
    if (isPlacewatchError(error)) return error.code;
    throw error;
  }
}

describe('JSON and HTML payload parsers never crash', () => {
  it.each(KINDS)('%s: arbitrary JSON values give posts/skips or FEED_PARSE_FAILED', (kind) => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        expect(outcome(kind, JSON.stringify(value) ?? 'null')).toMatch(/^(ok:\d+\+\d+|FEED_PARSE_FAILED)$/);
      }),
      { numRuns: 150 },
    );
  });

  it.each(KINDS)('%s: arbitrary text and bytes', (kind) => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
        ),
        (body) => {
          expect(outcome(kind, body)).toMatch(/^(ok:\d+\+\d+|FEED_PARSE_FAILED)$/);
        },
      ),
      { numRuns: 100 },
    );
  });

  it.each(KINDS.filter((k) => k !== 'telegram'))('%s: hostile shapes (deep nesting, huge numbers, __proto__, wrong types)', (kind) => {
    const hostile = [
      '['.repeat(200_000) + ']'.repeat(200_000),
      '{"posts":[{"uri":"at://x","author":{"did":"did:x"},"record":{"text":1e400,"createdAt":"2026-01-01T00:00:00Z"}}]}',
      '{"__proto__":{"polluted":true},"items":[{"__proto__":{"id":"x"}}]}',
      '{"data":{"children":"nope"},"kind":"Listing"}',
      '{"data":[null,1,"s",[],{}],"meta":{}}',
      '{"feed":[{"post":null},{"post":{"uri":"at://a/b/c","author":{},"record":{}}}]}',
      '[{"id":"1","created_at":"x","account":{"id":"1"},"content":"<p>' + '<b>'.repeat(5000) + '</p>"}]',
      '',
      'null',
    ];
    for (const body of hostile) expect(outcome(kind, body)).toMatch(/^(ok:\d+\+\d+|FEED_PARSE_FAILED)$/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses JSON over the cap before parsing it', () => {
    const big = Buffer.alloc(MAX_JSON_BYTES + 1, 0x20);
    expect(outcome('reddit', big)).toBe('FEED_PARSE_FAILED');
  });
});
