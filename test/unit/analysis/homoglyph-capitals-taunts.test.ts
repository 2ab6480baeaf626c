import { describe, expect, it } from 'vitest';
import { analyzePost } from '../../../src/analysis/index.js';
import { normalizeText } from '../../../src/text/normalize-text.js';
import { cueKinds, phraseIds as phrases, shippedAnalyzer } from './analyzer-fixture.js';

const { analyzer } = shippedAnalyzer();

/**
 * The round after batch AL, with texts written for these tests: a Greek capital Eta for H (its lower
 * case looks like n), a town's roads all cut with its staples named, an atrocity offered again as a
 * taunt, a gathering promised a shroud, the poet's town as a name for Maarat al-Numan; and the Arabizi
 * "ma 7ada" (nobody) as a negation.
 */
describe('threats', () => {
  it.each([
    ['en-cut-every-road', 'Cut every road into Sarmin. No flour, no diesel.'],
    ['en-miss-the-gas', 'Sarmin, missed the chlorine yet?'],
    ['ar-miss-the-gas', 'يا أهل سرمين، اشتقتوا للبراميل؟'],
    ['az-miss-the-gas', 'ya ahl sarmin, eshta2to lal baramil?'],
    ['ar-ends-in-shroud', 'اللي بيطلع بمظاهرة سرمين بكرا، عرسو بيخلص بالكفن'],
  ])('%s: %s', (id, text) => expect(phrases(text)).toContain(id));
});

describe('names', () => {
  it('reads a Greek capital Eta as H and a capital Nu as N', () => {
    expect(normalizeText('Ηarib Νawa').text).toBe('harib nawa');
    expect(normalizeText('ηarib').text).toBe('narib');
  });

  it('knows Maarat al-Numan as the town of Abu al-Ala', () => {
    expect(analyzePost({ text: 'مدينة أبي العلاء لن ينجو منها أحد' }, analyzer).places.map((p) => p.placeId)).toContain('maarat-al-numan');
  });
});

describe('frames of no threat', () => {
  it('reads the Arabizi "ma 7ada" (nobody) as a negation', () => {
    expect(cueKinds('wallah ma 7ada 3ando niyye yo2tol 7ada bi binnish')).toContain('negation');
  });
});
