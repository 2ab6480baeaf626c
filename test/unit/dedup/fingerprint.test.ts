import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentFingerprint, estimateSimilarity, fingerprintBasis, minhashSignature, bandKeys } from '../../../src/dedup/index.js';
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
