import { describe, expect, it } from 'vitest';
import { alerts, cueKinds, inventedTown, phraseIds, placeIdsWith } from './analyzer-fixture.js';

/**
 * The round after batch AP, with texts written for these tests: "not yet" before a negated threat
 * (they don't know yet what war means: soon they will), and an Arabizi spelling of a name with many
 * ambiguous letters, ص written 9 and the article apart; a two-consonant skeleton (ridda, apostasy)
 * that was also the commonest word for land; one man named by a dialect's possessive (the trader of X);
 * two staples denied as a lesson (let them find out what a winter without bread or fuel is); sympathy
 * for a town's people in the third person (God help them).
 */
describe('not yet: the negation is the threat', () => {
  it.each([
    ['arabizi', 'sarmin lessa ma bta3ref shu ya3ni mout'],
    ['ar-lev', 'بنش لسه ما انحرقت، دورها جاي'],
  ])('%s: %s', (_lang, text) => expect(alerts(text)).toBe(true));

  it('leaves a bare negation negating', () => {
    expect(alerts('wallah ma ra7 nedba7 7ada min ahl binnish')).toBe(false);
    expect(alerts('نحنا ما رح نحرق سرمين، هاد مو أسلوبنا')).toBe(false);
  });
});

describe('an Arabizi name with ص as 9 and the article apart', () => {
  const placeIds = placeIdsWith(inventedTown('sufayriyah', 'الصفيرية', 'Sufayriyah'));

  it.each(['ya ahl el 9ufayriya', 'ya ahl el sufayriya', '#9ufayriya'])('%s', (text) => expect(placeIds(text)).toContain('sufayriyah'));
});

describe('an Arabizi word matched as written where its skeleton is an everyday word', () => {
  it('reads ridda (apostasy) as takfir, and ard (land) as land', () => {
    expect(phraseIds('ahl sarmin kellon ridda')).toContain('en-apostate-terms');
    expect(phraseIds('el mawdou3 5ilaf 3ala ard bi sarmin w 5ales')).toEqual([]);
    expect(alerts('wallah ma 7ada bado y2zi ahl sarmin, el mawdou3 5ilaf 3ala ard w 5ales')).toBe(false);
  });

  it('reads koffar (unbelievers) as takfir, and kfar (village, as in every Kfar …) as a village', () => {
    expect(phraseIds('ahl sarmin kellon koffar')).toContain('en-apostate');
    expect(phraseIds('ra7 nrou7 3a kfar bukra nzour ahlna')).toEqual([]);
  });
});

describe("one man named by a dialect's possessive", () => {
  it.each(['التاجر تبع بنش نصب علي، والله لأكسر راسه', 'el mharreb taba3 sarmada 2akal mase3ari, wallah iza l2eto la2ta3 raso'])(
    'reads "the trader of X" as one man: %s',
    (text) => {
      expect(cueKinds(text)).toContain('protective');
      expect(alerts(text)).toBe(false);
    },
  );

  it("still reads the town's people threatened", () => expect(alerts('أهل بنش كلهم حرامية، والله لنكسر روسهم')).toBe(true));
});

describe('two staples denied as a lesson', () => {
  it('reads "let them find out what a winter without bread or fuel is" as punishment', () => {
    expect(phraseIds('Sarmin turned on us. Now they can find out what a winter without bread or fuel feels like.')).toContain('en-left-without');
    expect(phraseIds('We will leave Binnish without water or power until they hand them over')).toContain('en-left-without');
  });

  it('leaves an outage reported as news alone', () => {
    expect(phraseIds('The storm left Sarmin without water or power for three days')).toEqual([]);
    expect(alerts('The storm left Sarmin without water or power for three days')).toBe(false);
  });
});

describe("sympathy for the place's people", () => {
  it.each(['ahl sarmin 3ayshin bala 5obz w la mazot hal shiteyye, allah y3inon', 'أهالي سرمين بلا خبز ولا مازوت هالشتوية، الله يعينهم'])(
    'reads "God help them" as the poster on their side: %s',
    (text) => {
      expect(cueKinds(text)).toContain('protective');
      expect(alerts(text)).toBe(false);
    },
  );

  it('is no cue in the second person ("God help you with what is coming": a veiled threat), and does not undo a threat', () => {
    expect(cueKinds('ya ahl sarmin allah y3inkon 3ala elli jaye')).not.toContain('protective');
    expect(phraseIds('يا أهل سرمين الله يعينكم على اللي جاي')).toContain('ar-god-help-you-coming');
    expect(alerts('يا أهل سرمين الله يعينكم على اللي جاي، العاصفة الثلجية قوية والطرقات مسكرة')).toBe(false);
    expect(alerts('We will burn Sarmin to the ground, God help them')).toBe(true);
  });
});
