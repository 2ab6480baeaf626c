import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentFingerprint, estimateSimilarity, fingerprintBasis, minhashSignature, bandKeys } from '../../../src/dedup/index.js';
import { encodeSignature } from '../../../src/dedup/minhash.js';
import { normalizeText } from '../../../src/text/index.js';

/**
 * The fingerprint's text as first written, with one regular expression per step. Stored fingerprints
 * were made this way: the faster code must give exactly the same text, or copies would stop matching.
 */
function referenceBasis(text: string): string {
  const withoutNoise = text
    .replace(/^\s*(?:rt|mt)\s*@[\w.]+:?\s*/iu, '')
    .replace(/\bhttps?:\/\/\S+|\bwww\.\S+/giu, ' ')
    .replace(/(^|\s)@[\p{L}\p{N}_.]+/gu, '$1');
  const hashtags: string[] = [];
  const body = withoutNoise.replace(/#([\p{L}\p{N}_]+)/gu, (_m, tag: string) => {
    hashtags.push(tag);
    return ' ';
  });
  const normalize = (s: string) =>
    normalizeText(s)
      .text.replace(/[^\p{L}\p{N}\s]/gu, ' ')
      .replace(/\s+/gu, ' ')
      .trim();
  const tags = hashtags.map(normalize).filter(Boolean).sort();
  return [normalize(body), ...tags.map((t) => `#${t}`)].join(' ');
}

describe('content fingerprint', () => {
  it('is the same for a retweet, another URL, mentions, emoji, hashtag order and spacing', () => {
    const original = 'We will punish the traitors of Darat Izza #DaratIzza #Aleppo https://t.co/abc';
    const variants = [
      'RT @hawk_1: We will punish the traitors of Darat Izza #Aleppo #DaratIzza',
      'We  will punish the traitors of Darat Izza 🔥🔥 #Aleppo #DaratIzza https://example.org/x?y=1',
      '@someone We will punish the traitors of Darat Izza!! #DaratIzza #Aleppo',
    ];
    for (const variant of variants) expect(contentFingerprint(variant)).toBe(contentFingerprint(original));
  });

  it('normalizes Arabic letter forms and diacritics before hashing', () => {
    expect(contentFingerprint('سَنُعاقِبُ أهالي دارة عزة')).toBe(contentFingerprint('سنعاقب اهالي داره عزه'));
  });

  it('is the first 32 hex digits of the SHA-256 of the basis, as stored fingerprints were made, for any text (property)', () => {
    const pieces = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.constantFrom('RT @me: ', '#وسم', 'http://x.y ', '\ud800', '\udc00x', '😀', 'ة', ' '),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 20 }), (parts) => {
        const text = parts.join('');
        expect(contentFingerprint(text)).toBe(createHash('sha256').update(referenceBasis(text)).digest('hex').slice(0, 32));
      }),
      { numRuns: 1000 },
    );
  });

  it('differs for a different text', () => {
    expect(contentFingerprint('We will punish Saraqib')).not.toBe(contentFingerprint('We will protect Saraqib'));
  });
});

describe('MinHash signatures', () => {
  const text = 'Supporters were told to gather at the mosque tonight and march on the town of Darat Izza to punish the defectors';

  it('estimate high similarity for a copy with one word changed and low for unrelated text', () => {
    const edited = text.replace('tonight', 'tomorrow');
    expect(estimateSimilarity(minhashSignature(text), minhashSignature(edited))).toBeGreaterThan(0.7);
    const unrelated = 'The olive harvest in Taftanaz was good this year and prices at the market are falling';
    expect(estimateSimilarity(minhashSignature(text), minhashSignature(unrelated))).toBeLessThan(0.2);
  });

  it('are deterministic and share band keys for identical texts', () => {
    expect(bandKeys(minhashSignature(text))).toEqual(bandKeys(minhashSignature(`RT @x: ${text}`)));
  });

  it('keeps the signatures and band keys of earlier releases (stored entries stay comparable)', () => {
    // Computed by the release before the int32 inner loop (6d9ba6c).
    expect(bandKeys(minhashSignature(text))).toEqual([
      '490357d6a1df',
      '31637cb67806',
      'a721b2260626',
      '7a8c19c3a877',
      'ef7c92fd97ca',
      'c5a817ff28ed',
      '5b396f6991aa',
      '4400fc54a858',
    ]);
    expect(encodeSignature(minhashSignature(text))).toBe(
      'dBuEBF1sDQBHP9IA5lkmAiu8Qgb6vyoCFh4BAR+GFwFiZRkAfIziAVytywB5UdIAxFoICn+ZcAV2a9ACmEpaClcwAQCzF6IDDpcgAo29JAH7yosAO7bRAXF2vgGtbJ8ArceCAFuGDwM6WwUBnXdsAPtf1QR2XoEGMdcdAxj9LwGK2f8BSO/kAKxZGQCQcYgAN9VYAdrkLAGkXrcBOEDLAGlZ0AKWV/8DD+AmAVIoSwGRfoUBYYO3AKGTkQJM9xcG',
    );
  });

  it('are the minima of the unsigned hashes, as a plain loop computes them, for short, empty and long texts (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 1500 }), (text) => {
        expect(minhashSignature(text)).toEqual(referenceSignature(text));
      }),
      { numRuns: 300 },
    );
    expect(minhashSignature('')).toEqual(referenceSignature(''));
    expect(minhashSignature('x'.repeat(5000) + text)).toEqual(referenceSignature('x'.repeat(5000) + text));
  });

  it('reads every text exactly as the first, regular-expression version did (property)', () => {
    const pieces = fc.constantFrom(
      ...'ab Z9٣ #@_.-,:;!?\n\t\u00a0\u200b😀𝐀𠀀\ud800\udc00ـً كتب ½ Ⅻ'.split(''),
      'http://x.y/z ',
      'www.a.b ',
      'RT @me: ',
      '#دارة_عزة',
      '@user_1 ',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(fingerprintBasis(text)).toBe(referenceBasis(text));
      }),
      { numRuns: 2000 },
    );
  });
});

/** The signature computed the plain way: FNV-1a per 5-gram, then 48 unsigned a·h+b minima (seeds as in minhash.ts). */
function referenceSignature(text: string): Uint32Array {
  let state = 0x9e3779b9;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const seeds = Array.from({ length: 48 }, () => [next() | 1, next()] as const);
  const basis = fingerprintBasis(text);
  const signature = new Uint32Array(48).fill(0xffffffff);
  for (let start = 0; start < Math.max(1, basis.length - 4); start++) {
    let hash = 0x811c9dc5;
    for (let i = start; i < Math.min(basis.length, start + 5); i++) hash = Math.imul(hash ^ basis.charCodeAt(i), 0x01000193);
    seeds.forEach(([a, b], i) => {
      const value = Number((BigInt(a >>> 0) * BigInt(hash >>> 0) + BigInt(b)) % 2n ** 32n);
      if (value < signature[i]!) signature[i] = value;
    });
  }
  return signature;
}
