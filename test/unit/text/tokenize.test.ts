import { describe, expect, it } from 'vitest';
import { arabicKeys, arabiziSkeleton, latinKey, leetKey, looksArabizi, normalizeText, tokenize } from '../../../src/text/index.js';

const words = (s: string): string[] => tokenize(normalizeText(s).text).tokens.map((t) => t.text);

describe('tokenize', () => {
  it('splits English contractions into host and clitic', () => {
    expect(words("I'll kill them, won't you?")).toEqual(['i', "'ll", 'kill', 'them', 'wo', "n't", 'you']);
  });

  it('keeps apostrophes inside transliterated names out of the word', () => {
    expect(words("Ma'arrat al-Nu'man")).toEqual(['maarrat', 'al', 'numan']);
  });

  it('splits hashtags on underscores and marks them', () => {
    const { tokens } = tokenize(normalizeText('#دارة_عزة #DaratIzza').text);
    expect(tokens.map((t) => [t.text, t.hashtag])).toEqual([
      ['داره', true],
      ['عزه', true],
      ['daratizza', true],
    ]);
  });

  it('keeps digits inside the word they touch (leetspeak and Arabizi)', () => {
    expect(words('k1ll 3izza 2نا')).toEqual(['k1ll', '3izza', '2نا']);
  });

  // A $ or @ between Latin letters that no word reading took used to leave the tokenizer where it was,
  // looping forever: one hostile post hung its analyzer.
  it('reads a $ or @ after a hashtag or a clitic as the start of a Latin word, and always ends', () => {
    expect(words('they will pay #kill$hit')).toEqual(['they', 'will', 'pay', 'kill', '$hit']);
    expect(words("you'll$ee")).toEqual(['you', "'ll", '$ee']);
    expect(words('k@ll')).toEqual(['k@ll']);
  });

  it("reads single quotes around words as a quotation, but not 'em or an apostrophe inside a word", () => {
    const quoted = (s: string) => tokenize(normalizeText(s).text).tokens.map((t) => [t.text, t.quote >= 0]);
    expect(quoted("he wrote: 'burn it down'. report him")).toEqual([
      ['he', false],
      ['wrote', false],
      ['burn', true],
      ['it', true],
      ['down', true],
      ['report', false],
      ['him', false],
    ]);
    expect(quoted("kill 'em all, Ma'arrat's own")).toEqual([
      ['kill', false],
      ['em', false],
      ['all', false],
      ['maarrat', false],
      ["'s", false],
      ['own', false],
    ]);
    // No closing quote on the line: an apostrophe, not a quotation.
    expect(quoted("the 'real men of Sarmin").every(([, q]) => q === false)).toBe(true);
    // Openers share one scan for their closer; the next single quote closes an open quotation.
    expect(quoted("'a 'b 'c d' e").map(([, q]) => q)).toEqual([true, false, true, true, false]);
  });

  it('numbers sentences, marks questions and quotations', () => {
    const t = tokenize(normalizeText('They said "kill them". Why?').text);
    expect(t.tokens.map((x) => x.quote >= 0)).toEqual([false, false, true, true, false]);
    expect(t.tokens.at(-1)!.sentence).toBe(1);
    expect(t.questionSentences.has(1)).toBe(true);
  });
});

describe('word keys', () => {
  it('reads leetspeak digits in Latin words', () => {
    expect(leetKey('k1ll')).toBe('kil');
    expect(leetKey('murd3r')).toBe('murder');
    expect(leetKey('d3ath')).toBe('death');
  });

  it('does not take Arabizi digits for leetspeak words when telling scripts apart', () => {
    expect(looksArabizi('3izza')).toBe(true);
    expect(looksArabizi('da7')).toBe(true);
    expect(looksArabizi('7arb')).toBe(true);
    expect(looksArabizi('k1ll')).toBe(false);
  });

  it('gives Arabizi spellings of one word the same consonant skeleton', () => {
    expect(arabiziSkeleton('ha2tolkom')).toBe(arabiziSkeleton('ha2tlkm'));
    expect(arabiziSkeleton('ya5od')).toBe(arabiziSkeleton('yakhod'));
  });

  it('strips attached Arabic particles and the article', () => {
    expect(arabicKeys(normalizeText('بأهالي').text)).toContain('اهالي');
    expect(arabicKeys('وبسكان')).toContain('سكان');
    expect(arabicKeys('للابد')).toContain('ابد');
    expect(arabicKeys('لما')).not.toContain('ما');
  });

  it('reads digits inside Arabic words as letters and squeezes elongation', () => {
    expect(arabicKeys('2نا')[0]).toBe('انا');
    expect(arabicKeys('هجررررم')[0]).toBe('هجرم');
  });

  it('expands negative contractions to "not"', () => {
    expect(latinKey("n't", true)).toBe('not');
    expect(latinKey('wo', false, true)).toBe(latinKey('will'));
  });
});
