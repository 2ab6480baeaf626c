import { describe, expect, it } from 'vitest';
import { cueKinds, phraseIds as phrases } from './analyzer-fixture.js';

/**
 * The round after batch AJ, with texts written for these tests: menace said as nearness, as a bad end,
 * as safety withdrawn or as each one marked; residents told to pack up or that the town has no room
 * for "traitors"; and, as no threats, a vow that the town's men stand guard and an exam that "killed" us.
 */
describe('threats', () => {
  it.each([
    ['ar-closer-than-think', 'يا أهل بنش، نحنا أقرب لكم مما تتصوروا'],
    ['ar-wont-end-well', 'يا أهل سرمين القصة ما رح تخلص منيح معكم'],
    ['ar-not-sleep-easy', 'أهل كفرنبل لا تناموا مرتاحين بعد اليوم'],
    ['ar-know-who-did', 'إلى أهل حارم: منعرف مين طلع بالمظاهرة ومين صوّر'],
    ['ar-wont-hold-traitors', 'سرمدا ما بتساع خونة، اللي معهم يطلع'],
    ['az-pack-leave', 'ya ahl sarmin, elli ma3hom yelem 7ajato w yemshi'],
    ['az-wont-hold-traitors', 'binnish msh hatsa3 khawana ba3d el yom'],
    ['en-closer-than-think', 'People of Taftanaz: we are closer than you think.'],
    ['en-closer-than-think', 'This will not end well for you, Harem.'],
    ['en-not-sleep-easy', 'Kafranbel, sleep with one eye open from now on.'],
  ])('%s: %s', (id, text) => expect(phrases(text)).toContain(id));
});

describe('frames of no threat', () => {
  it('reads "its men stand guard for it" as a protective vow', () => {
    expect(cueKinds('اللي بيقرب على سرمين بسوء ما يلوم إلا حاله، رجالها واقفين لها')).toContain('protective');
  });

  it('reads an exam that "slaughtered" the students as hardship, not harm', () => {
    expect(cueKinds('امتحان الرياضيات ذبحنا اليوم، كل طلاب سرمين طلعوا زعلانين')).toContain('non_violent');
  });
});
