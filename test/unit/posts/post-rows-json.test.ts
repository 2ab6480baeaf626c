import { describe, expect, it } from 'vitest';
import { POST_ROW_ELEMENTS, postRowsJson, type PostRowSource } from '../../../src/posts/post-rows-json.js';
import { syntheticThreat } from '../../helpers/synthetic-threats.js';

function row(id: string, change: Partial<PostRowSource['post']> = {}): PostRowSource {
  const scored = syntheticThreat({ id, author: 'a', minute: 1 });
  return { ...scored, id: '42', post: { ...scored.post, ...change } };
}

describe('postRowsJson', () => {
  it('writes each row in POST_ROW_ELEMENTS order, the score as text, the raw item last and only when the post has one', () => {
    const rows = JSON.parse(postRowsJson([row('with-raw', { raw: { a: ['b', 1] } }), row('no-raw'), row('null-raw', { raw: null })])!.json) as unknown[][];
    expect(rows[0]).toHaveLength(POST_ROW_ELEMENTS.length);
    expect(rows[0]![POST_ROW_ELEMENTS.indexOf('raw')]).toEqual({ a: ['b', 1] });
    expect(rows[0]![POST_ROW_ELEMENTS.indexOf('score')]).toBe('0.8');
    expect(rows[0]![POST_ROW_ELEMENTS.indexOf('external_id')]).toBe('with-raw');
    expect(rows[1]).toHaveLength(POST_ROW_ELEMENTS.length - 1);
    expect(rows[2]![POST_ROW_ELEMENTS.indexOf('raw')]).toBeNull();
  });

  it('keeps the analysis of a threat candidate only', () => {
    const quiet = row('quiet');
    const rows = JSON.parse(postRowsJson([row('threat'), { ...quiet, analysis: { ...quiet.analysis, targets: [], signals: [] } }])!.json) as unknown[][];
    expect(rows[0]![POST_ROW_ELEMENTS.indexOf('analysis')]).toMatchObject({ targets: [{ placeId: 'darat-izza' }] });
    expect(rows[1]![POST_ROW_ELEMENTS.indexOf('analysis')]).toBeNull();
  });

  it('gives up (null) on a NUL or a lone surrogate anywhere, raw item included, which jsonb would refuse', () => {
    expect(postRowsJson([row('ok'), row('nul', { text: 'a\u0000b' })])).toBeNull();
    expect(postRowsJson([row('lone', { author: { id: null, handle: '\uD800x', displayName: null } })])).toBeNull();
    expect(postRowsJson([row('raw-key', { raw: { 'k\uDC00': 1 } })])).toBeNull();
    expect(postRowsJson([row('pair', { text: 'a pair 🔥 is fine, and so are \t\n control characters' })])).not.toBeNull();
  });

  it('gives up too on text that only looks like such an escape (a backslash before "ud" or "u0000"): safe, only slower', () => {
    expect(postRowsJson([row('path', { text: 'C:\\udp' })])).toBeNull();
    expect(postRowsJson([row('literal', { text: 'the escape \\u0000 in prose' })])).toBeNull();
    expect(postRowsJson([row('other', { text: 'back\\slash and \\n' })])).not.toBeNull();
  });
});
