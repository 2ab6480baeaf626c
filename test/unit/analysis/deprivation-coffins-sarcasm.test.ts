import { describe, expect, it } from 'vitest';
import { analyzePost } from '../../../src/analysis/index.js';
import { cueKinds, phraseIds as phrases, shippedAnalyzer } from './analyzer-fixture.js';

const { analyzer } = shippedAnalyzer();
const analysis = (text: string) => analyzePost({ text }, analyzer);

/**
 * Classes of batch V, written for these tests (none of them is in a dataset or a batch): services,
 * staples, roads and aid cut off as a punishment imposed on a town (said of the future, by decree or
 * until a handover), return in a coffin, the camps lifted with their people, homes never seen again
 * as a vow, and veiled menace by sarcasm. Outage complaints and outage news stay what they are.
 */
describe('deprivation imposed on a town', () => {
  it.each([
    ['كل سراقبي يرجع سيجد الكهرباء مقطوعة والطريق مسكر', 'ar-find-cut-off'],
    ['بنش حتقعد بلا مازوت ولا خبز، هيك قررنا', 'ar-left-without'],
    ['سرمين ستمنع عنها المساعدات والطحين إلى أن تعتذر', 'ar-barred-from-it'],
    ['أهل حارم حيعطشوا لحد ما يسلموا المطلوبين', 'ar-thirst-hunger-until'],
    ['ra7 nsakker 3ala binnish l toro2', 'az-close-roads'],
    ['bala akl wla dawa la7ad ma ysallmo l mat2oubin', 'az-no-food-until'],
    ['No water and no bread for Sarmin until they hand over the men.', 'en-until-handover'],
  ])('reads the deprivation: %s', (text, id) => expect(phrases(text)).toContain(id));

  it('alerts when the cut is promised to the town', () => {
    expect(analysis('سنقطع الماء عن سراقب وكل سراقبي يرجع سيجد الطريق مسكر').targets[0]?.placeId).toBe('saraqib');
  });

  it.each([
    'الكهرباء مقطوعة في سراقب من ثلاث أيام، إيمتى البلدية رح تصلحها؟',
    'صار النا أسبوع بلا كهربا ولا مي ببنش، الله يعين الناس',
    'The power has been out in Sarmin since Monday and nobody at the council answers the phone.',
    'Maintenance: the water will be cut in parts of Idlib on Thursday from 8 to 4.',
  ])('an outage complained of or announced is no threat: %s', (text) => expect(analysis(text).targets).toEqual([]));
});

describe('return in a coffin, homes never seen again, camps lifted with their people', () => {
  it.each([
    ['اللي بيرجع عسرمين بلا إذن بيرجع بتابوت', 'ar-back-in-coffin'],
    ['والله ما يشوفوا بيوتهم بسراقب طول ما نحنا هون', 'ar-wont-see-homes'],
    ['مخيمات حارم لازم تنشال بأهلها قبل العيد', 'ar-lifted-with-people'],
    ['Anyone from Binnish who sneaks back will go home in a coffin.', 'en-back-in-coffin'],
    ['The tents around Atmeh go this week, and if they stay we clear them out ourselves.', 'en-clear-ourselves'],
  ])('reads the class: %s', (text, id) => expect(phrases(text)).toContain(id));

  it('a soldier buried at home is mourning, not a threat', () => {
    expect(analysis('ابن سراقب الشهيد رجع بتابوت امبارح والبلد كلها طلعت تودعه').targets).toEqual([]);
  });
});

describe('displaced as the target, not the news', () => {
  it('"every displaced family" is who the threat is aimed at, not a news frame', () => {
    expect(cueKinds('Every displaced family in Sarmin has two days to pack, then we clear the tents ourselves.')).not.toContain('reported_speech');
  });

  it('"were displaced by" still frames a report', () => {
    expect(cueKinds('Thousands were displaced by the shelling of Sarmin, the agency said.')).toContain('reported_speech');
  });
});

describe('veiled menace by sarcasm', () => {
  it.each([
    ['Lovely square in Binnish. Would be a shame if it had an accident.', 'en-shame-accident'],
    ['Enjoy the homecoming party in Sarmin, you will not need a second photo album.', 'en-wont-need-second'],
  ])('reads the menace: %s', (text, id) => expect(phrases(text)).toContain(id));

  it('a real accident is no menace', () => {
    expect(phrases('What a shame, a truck had an accident on the road to Binnish this morning.')).not.toContain('en-shame-accident');
  });
});

describe('a deprivation imposed keeps its floor against outage words', () => {
  it.each([
    ['كل سراقبي يرجع سيجد الكهرباء مقطوعة والطريق مسكر', 'saraqib'],
    ['ra7 nsakker 3ala binnish l toro2', 'binnish'],
  ])('alerts: %s', (text, place) => expect(analysis(text).targets.map((t) => t.placeId)).toContain(place));

  it('a person told he will pay is no deprivation of a town', () => {
    expect(analysis('To the clerk at the Sarmin office who cheated my father: you will pay for it yourself.').targets).toEqual([]);
  });
});

describe('an Arabizi "on" aims a threat at a name that is also a word', () => {
  it('finds Ariha after 3a in a post that threatens', () => {
    expect(analysis('allah yeb3at 3a ari7a zelzal ma ykhalli 7ada').places.map((p) => p.placeId)).toContain('ariha');
  });

  it('not in a post that does not threaten', () => {
    expect(analysis('wselna 3a ari7a el sob7 w kan el jaw 7elo').places).toEqual([]);
  });
});

describe('فاضية (empty) is not قضية (a lawsuit) with its ف taken for a conjunction', () => {
  it('reads no counter-speech in "we want it empty"', () => {
    expect(cueKinds('مخيمات حارم لازم تنشال بأهلها، نبيها فاضية قبل العيد')).not.toContain('counter_speech');
  });

  it('a lawsuit is still counter-speech', () => {
    expect(cueKinds('اللي بيهدد سراقب رح نرفع عليه القضية بالمحكمة')).toContain('counter_speech');
  });
});
