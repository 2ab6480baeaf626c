import { describe, expect, it } from 'vitest';
import { spellingVariants } from '../../../src/analysis/gazetteer.js';
import { inventedTown, placeIds, placeIdsWith } from './analyzer-fixture.js';

/** Names written the French way, as old maps, Maghrebi and Lebanese writers spell them: ش as ch, ج as dj. */
describe('a name in French transliteration', () => {
  it('spells ش as ch and ج as dj', () => {
    expect(spellingVariants('Sheikh Sulayman')).toContain('cheikh sulayman');
    expect(spellingVariants('Jisr al-Shughur')).toContain('djisr al shughur');
    // A dj or zj already there is not doubled.
    expect(spellingVariants('Djanet')).not.toContain('ddjanet');
  });

  it('finds the town so written in a post', () => {
    const withTown = placeIdsWith(inventedTown('jubb-shaaban', 'جب شعبان', 'Jubb Shaaban'));
    expect(withTown('They will burn Djubb Shaaban tonight, every house')).toContain('jubb-shaaban');
    expect(withTown('They will burn Jubb Chaaban tonight, every house')).toContain('jubb-shaaban');
    expect(placeIds('Khan Cheikhoun will burn tonight, we are coming for them')).toContain('khan-shaykhun');
  });
});
