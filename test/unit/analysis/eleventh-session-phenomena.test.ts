import { describe, expect, it } from 'vitest';
import { analyzePost } from '../../../src/analysis/index.js';
import { realWordNeighbours } from '../../../src/analysis/english-words.js';
import { FuzzyIndex } from '../../../src/analysis/fuzzy-index.js';
import { alerts, phraseIds as phrases, shippedAnalyzer } from './analyzer-fixture.js';

const { analyzer } = shippedAnalyzer();
const modifierKinds = (text: string): string[] => analyzePost({ text }, analyzer).modifiers.map((m) => m.kind);

// Phenomena of the eleventh session's blind batches (BC, BD), in texts written for this test.
describe('defenders framed, sieges with terms, fires foretold, real words kept', () => {
  it('keeps a place framed as defended below the cut when no harm phrase is read', () => {
    expect(alerts('من فكّر أن يمدّ يده إلى سراقب وأهلها فليعلم أن شبابها لن يناموا، وسنحرس أبوابها ليلاً ونهاراً')).toBe(false);
    expect(
      alerts('To the landlord on the market road in Idlib who keeps cutting power to the widows: once more and we will smash that generator and your face.'),
    ).toBe(false);
    // A frame with its own negation is not one: "we won't leave a house standing" is a threat.
    expect(alerts('يا أهل سرمين، ما رح نترك ولا بيت من بيوتكن واقف')).toBe(true);
  });

  it('reads a siege with terms, a fire foretold and smashed houses', () => {
    expect(phrases('Binnish goes hungry from today, not one sack of flour until they hand the deserters over')).toEqual(
      expect.arrayContaining(['en-goes-hungry', 'en-until-handover']),
    );
    expect(phrases('Nice shops in Sarmada. Shops catch fire easily in August')).toContain('en-catch-fire-easily');
    expect(phrases('دكاكين سرمدا بتولع بسهولة بهالشوب')).toContain('ar-catch-fire-easily');
    expect(phrases('غدا كلشي لأريحا وهرسو الديور ديالهم')).toContain('ar-smash-houses');
    expect(phrases('كفرنبل لازم تنمسح باللي فيها')).toContain('ar-wiped-passive');
    expect(phrases('المطلوب أن تعاقب تفتناز عقاباً جماعياً')).toContain('ar-collective-punishment');
  });

  it('takes a threat sent to the admins as counter-speech', () => {
    expect(modifierKinds("someone posted 'burn Saraqib to the ground', I reported the account to the admins")).toContain('counter_speech');
    expect(alerts("someone posted 'burn Saraqib to the ground', I reported the account to the admins")).toBe(false);
  });

  it('never reads a real English word as the lexicon word or name one letter away', () => {
    const neighbours = realWordNeighbours(['deport', 'sarmin', 'camps', 'beheading']);
    expect([...neighbours]).toEqual(expect.arrayContaining(['depot']));
    // The same word's plural or singular is no other word: a typo fix may join them.
    expect(neighbours.has('camp')).toBe(false);
    expect(neighbours.has('beheadings')).toBe(false);
    const index = new FuzzyIndex(
      [
        ['deport', 'deport'],
        ['slaughter', 'slaughter'],
      ],
      neighbours,
    );
    expect(index.lookup('depot')).toBeNull();
    expect(index.lookup('slaugher')).toBe('slaughter');
    expect(phrases('The man who runs the fuel depot in Binnish sold me bad diesel')).not.toContain('en-expel');
  });
  it('reads the menace of rounds BF and BG and leaves a match result, a pastry and a big mosque alone', () => {
    expect(alerts('Jisr al-Shugh00r tonight, everyone with a weapon to the bridge, we go in street by street')).toBe(true);
    expect(phrases('يا رب تولع سراقب باللي فيها')).toContain('ar-god-take');
    expect(phrases('أهل سرمين ما بيستاهلو غير الدبح')).toContain('ar-deserve-only');
    expect(phrases('ya ahl sarmin ra7 nwalle3 fihom')).toContain('az-set-fire');
    expect(phrases('بس لا تنسو إنو الطريق لعندكن قصير كتير يا أهل حارم')).toContain('ar-road-short');
    expect(phrases('ahl binnish, nchoufou chkoun yed7ak lakher')).toContain('az-laughs-last');
    // Sport: a score beside "killed them".
    expect(alerts('nadi sarmin 2atalhom lyom 3-1 😂')).toBe(false);
    // kbir (big) is no qabr (grave).
    expect(phrases('tawzee3 may bi sarmin 9ur el jame3 el kbir yom el jum3a')).not.toContain('az-dead-fate');
  });
});
