import { describe, expect, it } from 'vitest';
import { analyzePost } from '../../../src/analysis/index.js';
import { spellingVariants } from '../../../src/analysis/gazetteer.js';
import { cueKinds, phraseIds as phrases, shippedAnalyzer } from './analyzer-fixture.js';

const { analyzer } = shippedAnalyzer();

/**
 * The round after batch AK, with texts written for these tests: "pack up and go" (the phrase had
 * read "get go"), go back where you came from, a town that "isn't yours", houses taken from those
 * who return, carpet bombing, accounts not yet settled; a town's name made a slur with -stan; and
 * the Arabizi "shabab" (guys), whose skeleton is that of sa7eb (owner), no longer read as one man.
 */
describe('threats', () => {
  it.each([
    ['en-pack-up', 'Binnish: pack up and go.'],
    ['en-go-back-where', 'Everyone in Binnish from the camps, go back where you came from.'],
    ['en-not-yours', "Sarmin isn't yours and never was."],
    ['en-not-yours', 'The Sarmin families are not welcome back.'],
    ['en-house-taken', 'Any family that returns to Sarmin gets its house taken.'],
    ['en-carpet-bomb', 'Carpet-bomb Binnish and let God sort them out.'],
    ['en-settle-accounts', "Sarmin, we haven't settled accounts with you yet."],
  ])('%s: %s', (id, text) => expect(phrases(text)).toContain(id));
});

describe('place names', () => {
  it('reads a one-word name with -stan as the town', () => {
    expect(spellingVariants('Idlib')).toEqual(expect.arrayContaining(['idlibistan', 'idlibstan']));
    expect(analyzePost({ text: 'Sarministan should be wiped off the map' }, analyzer).places.map((p) => p.placeId)).toContain('sarmin');
    expect(analyzePost({ text: 'ادلبستان لازم تنمسح' }, analyzer).places.map((p) => p.placeId)).toContain('idlib');
  });
});

describe('a kunya in a name', () => {
  it('takes each case ending: بلد أبي العلاء، بلد أبو العلاء، بلد أبا العلاء', () => {
    expect(spellingVariants('بلد أبي العلاء')).toEqual(expect.arrayContaining(['بلد ابي العلاء', 'بلد ابو العلاء', 'بلد ابا العلاء']));
    expect(analyzePost({ text: 'التوجه فجراً إلى بلد أبو العلاء واقتحامها' }, analyzer).places.map((p) => p.placeId)).toContain('maarat-al-numan');
  });
});

describe('frames of no threat', () => {
  it('does not take the Arabizi "shabab" for one man in the town', () => {
    expect(cueKinds('shabab mnballesh b binnish el lele, kel bet mn7ar2o')).not.toContain('protective');
    expect(cueKinds('el sa7eb b binnish elli ma dafa3 lazem yen2atel')).toContain('protective');
  });
});
