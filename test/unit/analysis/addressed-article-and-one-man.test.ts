import { describe, expect, it } from 'vitest';
import { alerts, cueKinds, placeIds } from './analyzer-fixture.js';

/**
 * The round after batch AS, with texts written for these tests: an Arabizi article written apart
 * between "ahl" and a name read from its Arabic, "I say" addressed to those who threaten, the town
 * said to have nothing to do with it, and a hardship report in the perfect.
 */
describe('an Arabizi article between "ahl" and a name', () => {
  // Ariha is a common word (ari7a, "ease") and m3arra a short skeleton: either needs its frame.

  it.each([
    ['ahl el ari7a 3azamouna 3al 3ers', 'ariha'],
    ['ya ahl el m3arra, mabrouk el 3ers', 'maarat-al-numan'],
    ['ahl l m3arra ra7 nedba7kon', 'maarat-al-numan'],
  ])('%s', (text, place) => expect(placeIds(text)).toContain(place));
});

describe('"I say" is the poster\'s own threat only right before it', () => {
  it('a word addressed to those who write threats leaves their threat reported', () => {
    expect(cueKinds('بدي قول كلمة للناس اللي عم يكتبوا على الفيسبوك إنهم رح يحرقوا سرمين')).toContain('reported_speech');
    expect(alerts('نقول كلمة وحدة للي قاعدين يكتبوا من ورا الشاشات إنهم باش يحرقوا سرمين')).toBe(false);
  });

  it('"I say it and repeat it" still makes the threat the poster\'s', () => {
    expect(alerts('بقولها وبكررها: سرمين لازم تنحرق')).toBe(true);
  });
});

describe('the town has nothing to do with it', () => {
  it('a threat at one man, the village cleared, is not a threat at the village', () => {
    expect(alerts('والله لنكسر راسو لمختار سرمين إذا ما رجع المازوت اللي باعه، والضيعة ما إلها دخل')).toBe(false);
  });

  it('"the village has nobody" is not the village cleared', () => {
    expect(alerts('والله لنحرق سرمين كلها، والضيعة ما إلها حدا')).toBe(true);
  });
});

describe('a hardship report in the perfect', () => {
  it('reads "have not had" and "have gone without" as a report of what is', () => {
    expect(cueKinds('Families in Binnish have not had clean water since the pump broke')).toContain('past');
    expect(cueKinds('People in Sarmin have gone without bread for three days')).toContain('past');
    expect(alerts('Residents of Binnish say they have not had power for a week')).toBe(false);
  });

  it('leaves a siege announced in the future alone', () => {
    expect(cueKinds('Binnish will go without bread until they hand him over')).not.toContain('past');
  });
});

describe('"displacement" as news framing', () => {
  it('reads the displacement of families as a report', () => {
    expect(cueKinds('The displacement of 3,000 families from Binnish continued on Monday')).toContain('reported_speech');
  });

  it('leaves displacement camps named as a target alone', () => {
    expect(cueKinds('Move on Binnish at dawn and burn the displacement camps, nobody gets out')).not.toContain('reported_speech');
  });
});
