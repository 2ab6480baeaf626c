import { describe, expect, it } from 'vitest';
import { analyzePost } from '../../../src/analysis/index.js';
import { alerts, cueKinds, phraseIds as phrases, placeIds, shippedAnalyzer } from './analyzer-fixture.js';

const { analyzer } = shippedAnalyzer();

// Phenomena of the twelfth session's blind batch BI, in texts written for this test.
describe('exclamations kept from names, notes read out, the dark wished on a town', () => {
  it('never takes يا before an ordinary word for people addressed by a name’s short skeleton', () => {
    // حارم's vowel skeleton ≠حرم is also حرام ("what a pity") and حرامي ("thief").
    expect(placeIds('يا حرام شو صار بأهل سراقب')).not.toContain('harem');
    expect(placeIds('يا حرامي رجّعلي المصاري')).not.toContain('harem');
    expect(placeIds('يا حارمية انتبهوا لحالكن')).toContain('harem');
  });

  it('reads a threat written on a note as the note’s words, not the writer’s', () => {
    const text = 'لقينا ورقة عالباب مكتوب بيها اطلعوا من سرمدا لو نحرق البيت عليكم';
    expect(cueKinds(text)).toContain('reported_speech');
    expect(alerts(text)).toBe(false);
  });

  it('lets a causative a verb away lift the weather sense of a hardship wished on a town', () => {
    const text = 'من بكرا ما في مازوت ولا كهربا لسراقب، خليهم يقعدوا بالعتمة والبرد ويتعلموا';
    expect(phrases(text)).toContain('ar-hunger-discipline');
    expect(alerts(text)).toBe(true);
    expect(alerts('البرد بإدلب هالسنة بيعلّم الواحد الصبر')).toBe(false);
  });

  it('needs support for a name read with ع for its alef: العتمة is the dark', () => {
    expect(placeIds('صرنا نقعد بالعتمة كل ليلة بسرمدا')).not.toContain('atmeh');
    expect(placeIds('يا أهالي عطمة انتبهوا')).toContain('atmeh');
  });
});

// Phenomena of batch BJ, in texts written for this test.
describe('a desire denied, a call from the Maghreb, a town named a sentence before its threat', () => {
  it('lets a denied wish to see the harm negate it', () => {
    expect(cueKinds('None of us want to see Saraqib shelled again')).toContain('negation');
    expect(alerts('None of us want to see Saraqib shelled again')).toBe(false);
    expect(alerts('Nobody wants you in Saraqib. Pack your bags or we burn the house with you in it.')).toBe(true);
  });

  it('reads the Tunisian and Algerian call to fall on them', () => {
    expect(phrases('الليلة نطيحو عليهم في سراقب')).toContain('ar-fall-upon');
  });

  it('reads shelling a square or a market as shelling the place', () => {
    expect(phrases('Someone should shell the market in Binnish on Friday')).toContain('en-bomb');
  });

  it('links a threat that says "her" to the town the sentence before names', () => {
    const { targets } = analyzePost({ text: 'أهل سرمين عاملين حالن رجال. رح نقصفها بالهاون لحتى يركعوا' }, analyzer);
    expect(targets[0]).toMatchObject({ placeId: 'sarmin', linkedBy: expect.stringContaining('pronoun for the town') });
  });
});

// Phenomena of batch BK, in texts written for this test.
describe('a denied wish in Arabic, a Levantine deadline in Arabizi', () => {
  it('lets ما أحد يبي يشوف negate the harm it names', () => {
    const text = 'ما حدا بدو يشوف أهل سرمين ينطردوا من بيوتهم مرة تانية';
    expect(cueKinds(text)).toContain('negation');
    expect(alerts(text)).toBe(false);
  });

  it('reads ma3kon (you have) before a deadline to leave', () => {
    expect(phrases('ya ahl sarmin ma3kon la yom el 5amis tfello mn el balad')).toContain('az-deadline-leave');
  });
});
