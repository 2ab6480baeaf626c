import { describe, expect, it } from 'vitest';
import { alerts, cueKinds, phraseIds as phrases } from './analyzer-fixture.js';

/**
 * Threat classes of the round after batch AF, written for these tests (none of them is in a dataset or
 * a batch): the residents sent off to their own funerals, a town wished into a barren flat, gloating
 * over who will be cheering later, a comfort that "can change fast", weapons drawn, "let's finish it",
 * and deprivation as contempt ("let them drink dirt"). And three frames that only look like threats:
 * renouncing revenge, food that "kills" with how good it is, and agreeing with a speaker quoted.
 */
describe('menace with no harm verb', () => {
  it.each([
    ['ar-your-funerals', 'يا أهل سرمين، خبّوا الحلويات لجنازاتكم'],
    ['az-your-funerals', 'ya ahl binnish, 5abbo el 7elo la jnazetkom'],
    ['en-your-funerals', 'Sarmin, keep the fireworks for your own funerals.'],
    ['ar-barren-flat', 'يا رب نشوف حارم قاع صفصف'],
    ['az-barren-flat', 'inshallah nshouf harem ga3 9af9af'],
    ['ar-see-who-laughs', 'ضحكتوا علينا يا أهل بنش؟ منشوف مين بيضحك بالآخر'],
    ['az-see-who-laughs', 'sarmada, bnshouf min byid7ak ba3d shway'],
    ['en-see-who-laughs', 'Binnish is laughing today. We will see who is laughing next week.'],
    ['en-how-fast-change', 'Sarmada sleeps easy these days. Funny how quickly that could change.'],
    ['en-weapons-out', 'We are coming down to Harem with knives out.'],
    ['en-finish-it', 'They ran from Sarmin in 2015. Time to finish it.'],
    ['ar-drink-dirt', 'سكرنا الساقية على سرمين، خليهم يشربوا تراب'],
    ['az-drink-dirt', 'sakkarna el saqye 3a sarmin, 5allihom yishrabo trab'],
    ['en-drink-dirt', 'The pump to Harem is off. Let them drink mud.'],
  ])('%s: %s', (id, text) => expect(phrases(text)).toContain(id));

  it('keeps the near negatives out', () => {
    expect(phrases('His funeral in Sarmin was attended by thousands.')).not.toContain('en-your-funerals');
    expect(phrases('Prices in Harem change fast these days.')).not.toContain('en-how-fast-change');
    expect(phrases('The kids in Binnish drink milk every morning.')).not.toContain('en-drink-dirt');
  });
});

describe('frames that only look like threats', () => {
  it('reads renouncing revenge as counter-speech in each language', () => {
    expect(cueKinds('We will never take revenge on the people of Sarmin, revenge brings no one back')).toContain('counter_speech');
    expect(cueKinds('ما رح ننتقم من أهل بنش، الثأر ما بيرجع حدا')).toContain('counter_speech');
    expect(cueKinds('mish ra7 nintiqim min ahl harem, el tha2r ma byrajji3 7ada')).toContain('counter_speech');
    expect(alerts('ما رح ننتقم من أهل بنش، الثأر ما بيرجع الميتين')).toBe(false);
  });

  it('reads food that "kills" with its taste as praise', () => {
    expect(cueKinds('kibbet sarmin bti2tol min 6a3mha')).toContain('non_violent');
    expect(cueKinds('زيت بنش بيقتل من طيبتو')).toContain('non_violent');
    expect(alerts('zeit binnish byi2tol min 6eebto, jarrbo')).toBe(false);
    // The verb aimed at people is no praise.
    expect(cueKinds('mnu2tol ahl binnish')).not.toContain('non_violent');
  });

  it('lets agreement with a quoted speaker cancel the report in the same sentence', () => {
    expect(cueKinds('My father said Sarmin should be burned, and he was right')).toContain('endorsement');
    expect(cueKinds('My father said Sarmin is beautiful')).not.toContain('endorsement');
  });
});
