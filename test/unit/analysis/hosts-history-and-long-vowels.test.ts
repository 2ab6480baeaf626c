import { describe, expect, it } from 'vitest';
import { alerts, cueKinds, inventedTown, placeIds, placeIdsWith } from './analyzer-fixture.js';

/**
 * The round after batch AU, with texts written for these tests: long vowels spelled several ways in
 * Latin names, "X w ahla" as the town with its people, hosts who "die for a guest", a threat at one
 * man named by his job "who is in X", and the armies of past centuries in a history lesson.
 */
describe('a long vowel in a Latin name, spelled another way', () => {
  const withTown = placeIdsWith(inventedTown('qasr-tajun', 'قصر تاجون', 'Tajun'));

  it('reads و as u, ou or oo and ي as i or ee', () => {
    expect(withTown('They will all be shot in Tajoon tonight')).toContain('qasr-tajun');
    expect(withTown('They will all be shot in Tajoun tonight')).toContain('qasr-tajun');
    expect(placeIds('We will burn Sarmeen to the ground')).toContain('sarmin');
  });

  it('keeps typo-tolerant matching of a listed spelling whose letters a variant took first', () => {
    // Edleb is listed for Idlib; Edleeb (a variant of Edlib) reads the same: the dotted, glued form still finds it.
    expect(placeIds('ya shabab lazem nfout 3a e.d.l.e.b w nmsa7ha')).toContain('idlib');
  });
});

describe('"X w ahla" in Arabizi', () => {
  it('makes a name that is also a word the town and its people', () => {
    expect(placeIds('allah yel3an 7arem w ahla, ra7 n7ra2ha')).toContain('harem');
    expect(alerts('allah yel3an 7arem w ahla, ra7 n7ra2ha')).toBe(true);
  });

  it('leaves the word alone without the frame', () => {
    expect(placeIds('hal 7aki 7arem ya zalame')).not.toContain('harem');
  });
});

describe('hosts who would die for a guest', () => {
  it('is hospitality, not death', () => {
    expect(cueKinds('أهل سرمين ناس بيموتوا بالضيف، وكرمهم ما إله حدود')).toContain('non_violent');
    expect(alerts('أهل سرمين ناس بيموتوا بالضيف، وكرمهم ما إله حدود')).toBe(false);
    expect(alerts('السراقبة بيموتوا بالضيف، زرناهم امبارح وما خلونا نطلع بلا غدا')).toBe(false);
  });

  it('leaves a threat to starve them a threat', () => {
    expect(alerts('رح نخلي أهل سرمين يموتوا من الجوع واحد ورا التاني')).toBe(true);
  });
});

describe('one man named by his job, "who is in X"', () => {
  it('is that man, not his town', () => {
    expect(cueKinds('رح اكسر راس المحاسب اللي بسرمين اذا ما رجعلي مصرياتي')).toContain('protective');
    expect(alerts('رح اكسر راس المحاسب اللي بسرمين اذا ما رجعلي مصرياتي')).toBe(false);
  });

  it('leaves everyone in the town the town', () => {
    expect(alerts('والله لنكسر راس كل واحد بسراقب')).toBe(true);
  });
});

describe('the armies of past centuries', () => {
  it('tell a history lesson', () => {
    expect(cueKinds('يوم دخل المغول سراقب حرقوها وقتلوا أهلها')).toContain('past');
    expect(alerts('يوم دخل المغول سراقب حرقوها وقتلوا أهلها')).toBe(false);
    expect(alerts('اقتحم العثمانيون سراقب وذبحوا رجالها')).toBe(false);
  });

  it('leave a threat that names them a threat', () => {
    expect(alerts('سنقتحم سراقب كما اقتحمها المغول ولن نبقي فيها أحدا')).toBe(true);
  });
});
