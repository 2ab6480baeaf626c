import { describe, expect, it } from 'vitest';
import { analyzePost } from '../../../src/analysis/index.js';
import { phraseIds as phrases, shippedAnalyzer } from './analyzer-fixture.js';

const { analyzer } = shippedAnalyzer();
const placeIds = (text: string): string[] => analyzePost({ text }, analyzer).places.map((p) => p.placeId);

/**
 * The round after batch AG, with texts written for these tests: a name spelled with letter emoji or
 * with a leet 0 in an Arabizi post, and eviction wished in sarcasm ("a shame if they had to leave")
 * or ordered in two words ("start packing").
 */
describe('place names hidden in emoji and leet', () => {
  it('reads letter emoji inside a name', () => {
    expect(placeIds('Sar🅰️qib will pay for this')).toContain('saraqib');
    expect(placeIds('🅑🅘🅝🅝🅘🅢🅗 is next')).toContain('binnish');
  });

  it('reads a 0 as o in an Arabizi post (Arabizi writes no letter as 0), with a 1 read as i beside it', () => {
    expect(placeIds('ya ahl sarm0n, ra7 nedba7kon')).toContain('sarmin');
    expect(placeIds('#j1sr_el_sh0ghour kellon 5awane, ra7 nedba7kon')).toContain('jisr-al-shughur');
    expect(placeIds('ahl b1nn1sh w sh0ghour, ra7 nedba7kon')).toContain('binnish');
  });
});

describe('eviction in sarcasm and in two words', () => {
  it.each([
    ['en-shame-accident', 'Nice little place, Sarmin. Pity if the people there had to leave by Friday.'],
    ['en-start-packing', 'Harem, start packing.'],
  ])('%s: %s', (id, text) => expect(phrases(text)).toContain(id));

  it('needs the leaving: a shame about the weather is nothing', () => {
    expect(phrases('Shame if the rain in Sarmin had ruined the harvest')).not.toContain('en-shame-accident');
  });
});
