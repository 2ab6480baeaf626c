import { describe, expect, it } from 'vitest';
import { contentFingerprint, estimateSimilarity, minhashSignature, bandKeys } from '../../../src/dedup/index.js';

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
});
