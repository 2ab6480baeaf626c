import { describe, expect, it } from 'vitest';
import { analyzePost } from '../../../src/analysis/index.js';
import { alerts, phraseIds as phrases, shippedAnalyzer } from './analyzer-fixture.js';

const { analyzer } = shippedAnalyzer();
const modifierKinds = (text: string): string[] => analyzePost({ text }, analyzer).modifiers.map((m) => m.kind);

// Phenomena of the tenth session's blind batches (AZ, BA, BB), in texts written for this test.
describe('none left to tell, notes read out, defenders, deadlines, killer food', () => {
  it('reads "none left to tell it" only with its own negation', () => {
    expect(phrases('يا أهل سرمين، مش هنسيب حد يحكي اللي صار')).toContain('ar-none-to-tell');
    expect(phrases('ya ahl sarmin, mesh hanseeb 7ad ye7ki')).toContain('az-none-to-tell');
    expect(phrases('Nobody in Sarmin will live to tell what we do next')).toContain('en-none-to-tell');
    expect(phrases('My grandfather in Sarmin lived to tell the tale')).not.toContain('en-none-to-tell');
  });

  it('reads a deadline to pack up and not be seen in the town again, in Arabic and Arabizi', () => {
    const ar = 'يا أهل تفتناز معكن لبكرا تلمّوا غراضكن، بعدها ما بدنا نشوف حدا منكن بالبلد';
    expect(phrases(ar)).toEqual(expect.arrayContaining(['ar-pack-your-things', 'ar-not-see-you-here']));
    const arabizi = 'ahl taftanaz: tlammo gradkon, ba3den ma bedna nshouf 7ada menkon bel balad';
    expect(phrases(arabizi)).toEqual(expect.arrayContaining(['az-pack-your-things', 'az-not-see-you-here']));
    expect(alerts(ar) && alerts(arabizi)).toBe(true);
    // Not a kind wish: the phrase needs a place in the town after "any of you".
    expect(phrases('ما بدنا نشوف حدا منكم زعلان يا أهل تفتناز، الله يسعدكم')).not.toContain('ar-not-see-you-here');
  });

  it('reads "make it an example" and "surround it and go in" as the call they are', () => {
    expect(phrases('Go into Saraqib and make it an example for every village')).toContain('en-make-example');
    expect(phrases('Brothers, surround Saraqib and go in tonight')).toContain('en-surround-go-in');
    expect(phrases('The olive hills surround Saraqib on three sides')).not.toContain('en-surround-go-in');
  });

  it('joins an Arabizi verb cut by dots and reads it', () => {
    expect(alerts('ya ahl saraqib ghadi nd.b.7ohom kamlin')).toBe(true);
  });

  it("takes a letter read out, a defenders' vow and killer food for what they are", () => {
    expect(modifierKinds('لقينا ورقة على باب بيتنا بسرمين مكتوب فيها اطلعوا من البيت')).toContain('reported_speech');
    expect(alerts('كفرنبل إلها رجالها، ويلي بيجي يتحرّش فيها بيلاقي شبابها كلهن واقفين بوجهو')).toBe(false);
    expect(modifierKinds('kebbet saraqib bt2tol, ma fi metla')).toContain('non_violent');
    expect(alerts('kebbet saraqib bt2tol, ma fi metla')).toBe(false);
  });
});
