import { describe, expect, it } from 'vitest';
import { cueKinds, phraseIds as phrases } from './analyzer-fixture.js';

/**
 * The round after batch AM, with texts written for these tests: a past atrocity offered as a
 * "reminder", a "visit tonight" with the children kept indoors; and Arabizi words whose skeletons
 * equal a listed word's, the listed ones now matched as written: shway (a bit; sa7wat, the
 * Awakening), gool (say; goal) and badna (we want; abadan, never).
 */
describe('threats', () => {
  it.each([
    ['ar-reminder', 'يا أهل سرمين، يبدو أنكم بحاجة إلى تذكير'],
    ['ar-reminder', 'أهل بنش منذكركم بـ 2015 إذا بدكم'],
    ['ar-visit-tonight', 'أهل سرمدا ترى عندكم زيارة الليلة'],
    ['ar-visit-tonight', 'يا أهل سرمدا خلوا ولادكم جوا الليلة'],
    ['en-keep-kids-inside', 'Sarmada, keep your kids inside tonight.'],
    ['en-sahwat', 'ahl binnish sa7wat w dammon 7alal'],
  ])('%s: %s', (id, text) => expect(phrases(text)).toContain(id));
});

describe('Arabizi words that only look like listed ones', () => {
  it('does not read shway (a bit) as takfir', () => {
    expect(phrases('gool la ahl binnish y5affefo 7aki shway')).toEqual([]);
  });

  it('does not read badna (we want) as abadan (never)', () => {
    expect(cueKinds('#binnish badna nfajjer el beyout 3a rasson')).not.toContain('negation');
    expect(cueKinds('ana msh ra7 e2tol 7ada b binnish')).toContain('negation');
  });

  it('does not read gool (say) as a goal', () => {
    expect(cueKinds('gool la ahl binnish ra7 nedba7kon')).not.toContain('non_violent');
  });
});
