import { describe, expect, it } from 'vitest';
import { alerts, cueKinds, phraseIds, placeIds } from './analyzer-fixture.js';

/**
 * The round after batch AQ, with texts written for these tests: going into a town "by force"
 * (ندخلها غصب، nidkhulha ghasban), as against an army's entry reported the day after; a name's ة
 * written -eh in English (Dareh Azzeh); an appeal for help in the first person (who can help us?).
 */
describe('going in by force', () => {
  it.each([
    ['ar-enter-by-force', 'يا شباب بعد العصر كلنا عالأتارب وندخلها غصب'],
    ['ar-enter-by-force', 'بكرا منفوت على سرمين بالسلاح'],
    ['az-enter-by-force', 'ya shabab kulna nitla3 3ala sarmin w nidkhulha ghasban'],
    ['az-enter-by-force', 'bukra mnfout 3a binnish bel sla7'],
  ])('%s: %s', (id, text) => {
    expect(phraseIds(text)).toContain(id);
    expect(alerts(text)).toBe(true);
  });

  it('leaves an entry reported after the fact to the past cue', () => {
    expect(alerts('الجيش دخل الأتارب بالقوة أمس وسط اشتباكات عنيفة')).toBe(false);
  });
});

describe('a ة written -eh in an English post', () => {
  it('finds the name, its first word read as -et as well (Dareh Azzeh for Darat Izza)', () => {
    expect(placeIds('Dareh Azzeh market is busy today')).toContain('darat-izza');
  });

  it('makes no name of an everyday word ending in -ah or -eh', () => {
    expect(placeIds('Allah is great, yeah, Sarah said so, blah')).toEqual([]);
  });
});

describe('an appeal for help in the first person', () => {
  it.each([
    'sarmin bala kahraba min yomain, el muwalda ma da tishtughul w el mai ma yiwsal lil bait. minu yigdar ysa3idna?',
    'سرمين بلا كهربا ولا مي من يومين، حدا يساعدنا',
    'No power in Atarib for a week and the water is cut, can anyone help?',
  ])("reads the poster as one of the place's people: %s", (text) => {
    expect(cueKinds(text)).toContain('protective');
    expect(alerts(text)).toBe(false);
  });

  it('is no cue when help is denied to them ("nobody will help you")', () => {
    expect(cueKinds('ahl sarmin ra7 nedba7kon w ma 7ada ra7 ysa3idkon')).not.toContain('protective');
    expect(alerts('ahl sarmin ra7 nedba7kon w ma 7ada ra7 ysa3idkon')).toBe(true);
  });
});
