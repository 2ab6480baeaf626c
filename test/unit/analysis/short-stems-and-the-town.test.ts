import { describe, expect, it } from 'vitest';
import { alerts, cueKinds, phraseIds } from './analyzer-fixture.js';

/**
 * The round after batch AT, with texts written for these tests: a two-consonant Arabizi stem with the
 * dative l, "shell the town" for a place named a sentence before, and "there is nobody who will".
 */
describe('a two-consonant Arabizi stem takes no dative l', () => {
  it('reads t5allu (تخلّوا, leave) as no shooting', () => {
    expect(phraseIds('yalla ya shabab, ma tkhallu fiha 7ada, ahl sarmin lazem yerhalo')).not.toContain('az-shoot-lev');
    expect(phraseIds('ma t5allu 7ada ytla3 mn binnish')).not.toContain('az-shoot-lev');
  });

  it('still reads the shooting verb with its pronouns', () => {
    expect(phraseIds('ahl sarmin ra7 nto5kon wa7ed wa7ed')).toContain('az-shoot-lev');
    expect(phraseIds('wallah la no6o5hon kellon')).toContain('az-shoot-lev');
  });
});

describe('"shell the town"', () => {
  it('is a call to bombard the place named before it', () => {
    expect(phraseIds('Binnish sheltered the deserters. Shell the town at dawn.')).toContain('en-bomb');
    expect(alerts('Binnish sheltered the deserters. Shell the town at dawn.')).toBe(true);
  });

  it('is not the regime that shelled the town, years ago', () => {
    expect(phraseIds('My uncle still talks about the night the regime shelled the town, Binnish lost forty people')).not.toContain('en-bomb');
  });
});

describe('"there is nobody who will"', () => {
  it('negates an attack nobody will make', () => {
    expect(cueKinds('ما في حدا رح يهجم على سرمين، كل هالحكي تخويف')).toContain('negation');
    expect(alerts('ما في حدا رح يهجم على سرمين، كل هالحكي تخويف')).toBe(false);
  });

  it('leaves "nobody will stay alive" a threat', () => {
    expect(alerts('ما في حدا رح يضل عايش بسرمين بعد الليلة')).toBe(true);
  });
});
