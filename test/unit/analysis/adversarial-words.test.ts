import { describe, expect, it } from 'vitest';
import { analyzePost, wouldAlert } from '../../../src/analysis/index.js';
import { buildWords, MAX_REPAIR_UNITS_PER_POST, type RepairWork } from '../../../src/analysis/post-words.js';
import { normalizeText, tokenize } from '../../../src/text/index.js';
import { shippedAnalyzer } from './analyzer-fixture.js';

const { analyzer, config } = shippedAnalyzer();

/** Characters examined by typo and glued-word repair while reading `text` into words. */
function repairWork(text: string): number {
  const work: RepairWork = { units: 0 };
  buildWords(tokenize(normalizeText(text).text).tokens, analyzer, work);
  return work.units;
}

/** `chars` characters of dotted-out words ("k.i.l.l t.h.e …"): normalization joins them into one giant word. */
function dotted(chars: number, salt: string): string {
  const words = ['kill', 'the', 'people', 'of', 'darat', 'izza', 'burn', 'them', 'all', salt];
  let text = '';
  for (let i = 0; text.length < chars; i++) text += `${words[i % words.length]!.split('').join('.')} `;
  return text.slice(0, chars);
}

describe('word repair on adversarial text', () => {
  it('reads a 20,000-character dotted post in bounded work that grows linearly, not quadratically', () => {
    // Distinct salts keep the word cache from answering for the longer text.
    const small = repairWork(dotted(5_000, 'xq'));
    const large = repairWork(dotted(20_000, 'zq'));
    expect(large).toBeLessThanOrEqual(MAX_REPAIR_UNITS_PER_POST);
    // 4× the text: linear work is ~4× (quadratic was ~16×); 6 leaves room for word boundaries.
    expect(large).toBeLessThanOrEqual(small * 6 + 1_000);
  });

  it('bounds the work on a long run of glue words and on many distinct long words', () => {
    expect(repairWork('to'.repeat(10_000))).toBeLessThanOrEqual(MAX_REPAIR_UNITS_PER_POST);
    const longWords = Array.from({ length: 400 }, (_, i) => `tothe${'ab'.repeat(20)}${i.toString(36).replace(/\d/g, 'q')}them`).join(' ');
    expect(repairWork(longWords)).toBeLessThanOrEqual(MAX_REPAIR_UNITS_PER_POST);
  });

  it('still repairs glued, misspelt and dotted threat words in ordinary posts', () => {
    const alerts = (text: string): boolean => wouldAlert(analyzePost({ text }, analyzer), config.thresholds);
    expect(alerts('Somebody should just stabthose residents of Saraqib')).toBe(true);
    expect(alerts('The people of Saraqib deservetodie')).toBe(true);
    expect(alerts('I want to klil all people from Saraqib')).toBe(true);
    expect(alerts('We will k.i.l.l the people of Saraqib')).toBe(true);
  });
});
