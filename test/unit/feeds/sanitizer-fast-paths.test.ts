import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundRaw, buildPost, queueablePost } from '../../../src/feeds/build-post.js';
import { MAX_RAW_BYTES, type CanonicalPost } from '../../../src/feeds/canonical-post.js';
import { jsonDepthOver } from '../../../src/feeds/file/bounded-json.js';
import { splitLines } from '../../../src/feeds/file/line-splitter.js';
import { jsonBytesAtMost } from '../../../src/feeds/json-size.js';
import { cleanRaw, cleanString, isCleanRaw, isCleanString, MAX_RAW_DEPTH } from '../../../src/feeds/post-sanitizer.js';

// The functions as they were before their fast paths: every fast path must give exactly their output.
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function referenceCleanString(value: string): string {
  return value.replace(NUL, '').replace(LONE_SURROGATE, '\uFFFD');
}

function referenceCleanRaw(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return referenceCleanString(value);
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'object') return undefined;
  if (depth >= MAX_RAW_DEPTH) return `[nested deeper than ${MAX_RAW_DEPTH} levels]`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map((item) => referenceCleanRaw(item, depth + 1) ?? null);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const cleaned = referenceCleanRaw(item, depth + 1);
    if (cleaned !== undefined)
      Object.defineProperty(out, referenceCleanString(key.slice(0, 256)), { value: cleaned, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function referenceBoundRaw(raw: unknown): unknown {
  if (raw === undefined) return undefined;
  const json = JSON.stringify(raw) ?? 'null';
  if (Buffer.byteLength(json) <= MAX_RAW_BYTES) return raw;
  const head = Buffer.from(json)
    .subarray(0, MAX_RAW_BYTES - 256)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  return { truncated: true, bytes: Buffer.byteLength(json), head };
}

function referenceQueueablePost(post: CanonicalPost): CanonicalPost {
  const { raw, ...fields } = post;
  const safe = referenceCleanRaw(fields) as CanonicalPost;
  return raw === undefined ? safe : { ...safe, raw: referenceBoundRaw(referenceCleanRaw(raw)) };
}

function referenceJsonDepthOver(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Units that exercise every branch: NUL, both halves of a pair alone or joined, escapes, non-Latin text. */
const hostileUnit = fc.constantFrom('a', 'z', ' ', 'ب', 'ع', '😀', '\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '"', '\\', '\n', '\u001f', '\uFFFD');
const hostileString = fc.array(hostileUnit, { maxLength: 40 }).map((units) => units.join(''));
/** Mostly clean strings, so that the fast paths are taken as well as refused. */
const someString = fc.oneof(hostileString, fc.string({ maxLength: 30 }), fc.constantFrom('', 'text', 'نص عربي'));
const someKey = fc.oneof(someString, fc.constantFrom('__proto__', 'constructor', 'toString', 'toJSON', '0', '12', 'k'.repeat(300), 'k'.repeat(256)));

const leaf = fc.oneof(
  someString,
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom(new Date(0), new Date(NaN)),
  fc.constantFrom(() => 1, Symbol('s'), 10n),
);

/** Values as a hostile producer might hand them over: own "__proto__" keys, holes, odd prototypes. */
const hostileValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object'), tie('odd')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.array(fc.tuple(someKey, tie('value')), { maxLength: 5 }).map((entries) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of entries) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    return out;
  }),
  odd: fc.oneof(
    tie('object').map((o) => Object.assign(Object.create(null) as object, o)),
    tie('object').map((o) => Object.assign(new (class Item {})(), o)),
    tie('array').map((a) => Object.assign([...(a as unknown[])], { toJSON: () => 'replaced' })),
    // An array with a hole at 1.
    fc.constant(Object.assign(new Array<unknown>(3), { 0: 1, 2: 3 })),
  ),
})).value;

/** A chain of arrays and objects around a leaf, around MAX_RAW_DEPTH deep. */
const deepValue = fc
  .tuple(fc.integer({ min: MAX_RAW_DEPTH - 3, max: MAX_RAW_DEPTH + 3 }), fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), someString)
  .map(([depth, kinds, bottom]) => {
    let value: unknown = bottom;
    for (let i = 0; i < depth; i++) value = kinds[i] ? [value] : { k: value };
    return value;
  });

function outcome(run: () => unknown): { value: unknown } | { error: string } {
  try {
    return { value: run() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const json = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

describe('cleanString fast path', () => {
  it('gives the regex replaces\u2019 output on any string, surrogates and NULs included (property)', () => {
    fc.assert(
      fc.property(someString, (value) => {
        expect(cleanString(value)).toBe(referenceCleanString(value));
        expect(isCleanString(value)).toBe(referenceCleanString(value) === value);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('cleanRaw without defineProperty on ordinary keys', () => {
  it('copies exactly as before, key order, "__proto__" keys and depth markers included (property)', () => {
    fc.assert(
      fc.property(fc.oneof(hostileValue, deepValue), (value) => {
        const reference = outcome(() => referenceCleanRaw(value));
        // An object whose prototype was set to a Date (Object.assign of a "__proto__" key) throws, as before.
        if ('error' in reference) {
          expect(outcome(() => cleanRaw(value))).toEqual(reference);
          return;
        }
        const cleaned = cleanRaw(value);
        // isDeepStrictEqual, not toStrictEqual: that one reads an own "constructor" key as the type.
        expect(isDeepStrictEqual(cleaned, reference.value)).toBe(true);
        expect(json(cleaned)).toBe(json(reference.value));
        if (cleaned !== null && typeof cleaned === 'object' && !Array.isArray(cleaned)) {
          expect(Object.getPrototypeOf(cleaned)).toBe(Object.prototype);
          expect(Object.keys(cleaned)).toEqual(Object.keys(reference.value as object));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps a parsed "__proto__" key as a key and the copy\u2019s prototype untouched', () => {
    const raw = cleanRaw(JSON.parse('{"a": 1, "__proto__": {"polluted": true}, "__pr\\u0000oto__": 2}')) as Record<string, unknown>;
    expect(Object.keys(raw)).toEqual(['a', '__proto__']);
    expect(Object.getPrototypeOf(raw)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(raw, '__proto__')?.value).toBe(2);
  });
});

describe('isCleanRaw: a value the queue may take as it is', () => {
  it('is true only when cleanRaw would serialise the same (property)', () => {
    fc.assert(
      fc.property(fc.oneof(hostileValue, deepValue), (value) => {
        if (isCleanRaw(value)) expect(JSON.stringify(value)).toBe(JSON.stringify(referenceCleanRaw(value)));
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses what JSON.stringify would treat differently from cleanRaw', () => {
    expect(isCleanRaw({ a: 'ok', b: [1, null, true] })).toBe(true);
    expect(isCleanRaw({ a: 'x\u0000' })).toBe(false);
    expect(isCleanRaw({ ['k'.repeat(257)]: 1 })).toBe(false);
    expect(isCleanRaw({ d: new Date(0) })).toBe(false);
    expect(isCleanRaw({ n: NaN })).toBe(false);
    expect(isCleanRaw({ toJSON: () => 1 })).toBe(false);
    expect(isCleanRaw(Object.assign([1], { toJSON: () => 1 }))).toBe(false);
  });
});

describe('boundRaw without serialising small items', () => {
  const sized = fc
    .tuple(hostileString, fc.integer({ min: 0, max: 12_000 }))
    .map(([unit, times]) => ({ text: (unit || 'x').repeat(Math.ceil(times / Math.max(1, unit.length))), n: 1 }));

  it('gives the old result for items on both sides of MAX_RAW_BYTES (property)', () => {
    fc.assert(
      fc.property(fc.oneof(sized, hostileValue), (raw) => {
        let expected: unknown;
        try {
          expected = referenceBoundRaw(raw);
        } catch {
          // A value JSON.stringify refuses (a bigint inside) is refused as before.
          expect(() => boundRaw(raw)).toThrow();
          return;
        }
        expect(isDeepStrictEqual(boundRaw(raw), expected)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never under-estimates a JSON size (property)', () => {
    fc.assert(
      fc.property(hostileValue, fc.integer({ min: 0, max: 300 }), (value, limit) => {
        let text: string | undefined;
        try {
          text = JSON.stringify(value);
        } catch {
          return;
        }
        if (jsonBytesAtMost(value, limit)) expect(Buffer.byteLength(text ?? '')).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('queueablePost taking a sound post as it is', () => {
  const draft = fc.record({
    externalId: fc.option(someString, { nil: null }),
    title: fc.option(someString, { nil: undefined }),
    text: someString.map((t) => `t${t}`),
    author: fc.record({ id: fc.option(someString), handle: fc.option(someString), displayName: fc.option(someString) }),
    lang: fc.option(fc.constantFrom('ar', 'en-US', 'x\u0000'), { nil: null }),
    published: fc.constantFrom('2024-05-01T00:00:00Z', '2024-05-01T03:00:00+03:00', 'Wed, 01 May 2024 00:00:00 GMT'),
    url: fc.option(fc.constantFrom('https://x.example/a', 'https://x.example/\uD800', 'nope'), { nil: null }),
    raw: fc.oneof(hostileValue, deepValue),
  });

  it('serialises exactly as the old copy for built posts and hostile ones (property)', () => {
    fc.assert(
      fc.property(draft, fc.oneof(hostileValue, deepValue), fc.boolean(), (d, extra, rawFirst) => {
        // A raw item whose prototype was set to a Date cannot be built at all (before as now).
        const result = outcome(() => buildPost('f', d, new Date(0)));
        const built = 'value' in result ? (result.value as ReturnType<typeof buildPost>) : null;
        if (!built || !('post' in built)) return;
        const posts: CanonicalPost[] = [
          built.post,
          { ...built.post, text: `${built.post.text}\uDC00`, extra } as CanonicalPost,
          (rawFirst ? { raw: extra, ...built.post, raw2: 1 } : { ...built.post, raw: extra }) as CanonicalPost,
        ];
        for (const post of posts) {
          expect(outcome(() => JSON.stringify(queueablePost(post)))).toEqual(outcome(() => JSON.stringify(referenceQueueablePost(post))));
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('jsonDepthOver counting brackets first', () => {
  it('answers as the full walk does (property)', () => {
    const jsonish = fc.array(fc.constantFrom('{', '[', '}', ']', '"', '\\', 'a', ':', ','), { maxLength: 80 }).map((units) => units.join(''));
    fc.assert(
      fc.property(jsonish, fc.integer({ min: 0, max: 12 }), (text, limit) => {
        expect(jsonDepthOver(text, limit)).toBe(referenceJsonDepthOver(text, limit));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('splitLines decoding a line in place', () => {
  async function lines(chunks: Buffer[], maxBytes: number) {
    const out: Array<string | null> = [];
    for await (const line of splitLines(
      (async function* () {
        yield* chunks;
      })(),
      maxBytes,
    ))
      out.push(line.text);
    return out;
  }

  it('gives the lines of the whole text however it is cut into chunks (property)', async () => {
    const text = fc.array(fc.constantFrom('a', 'ب', '😀', '\n', '\r', ' '), { maxLength: 60 }).map((units) => units.join(''));
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(), { maxLength: 6 }), async (value, cuts) => {
        const bytes = Buffer.from(value);
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((start, i) => bytes.subarray(start, [...points, bytes.length][i]));
        const expected = value === '' ? [] : value.split('\n').map((line) => line.replace(/\r$/, ''));
        if (value.endsWith('\n')) expected.pop();
        expect(await lines(chunks, 1_000)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
