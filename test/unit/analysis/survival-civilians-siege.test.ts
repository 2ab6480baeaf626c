import { describe, expect, it } from 'vitest';
import { analyzePost } from '../../../src/analysis/index.js';
import { cueKinds, inventedTown, phraseIds as phrases, placeIdsWith, shippedAnalyzer } from './analyzer-fixture.js';

const { analyzer } = shippedAnalyzer();
const analysis = (text: string) => analyzePost({ text }, analyzer);

/**
 * Threat classes of batch S, written for these tests (none of them is in a dataset or a batch): life
 * granted only to those who leave, a town denied any civilians, a siege counted in loaves and jerrycans;
 * and three frames that only look like threats: weather as the agent, the speaker as the one "killed",
 * and a feared event with "God forbid".
 */
describe('survival-conditional expulsion: whoever wants to live, let him leave', () => {
  it.each([
    ['en-live-leave', 'Anyone in Binnish who wants to live should leave before the call to prayer.'],
    ['en-not-die-leave', "Whoever doesn't want to die had better get out of Harem by Thursday."],
    ['ar-live-leave', 'من أراد النجاة من أهل سرمين فليخرج قبل المغرب'],
    ['ar-live-leave', 'اللي بدو يعيش من بنش يطلع هالليلة'],
    ['ar-live-leave', 'الي يبي يعيش يطلع من الأتارب باجر'],
    ['ar-not-die-leave', 'الما عايز يموت يمرق من حارم قبل الصباح'],
    ['ar-not-die-leave', 'اللي مش عاوز يموت يمشي من سرمدا حالاً'],
    ['az-live-leave', 'elli bado y3ish mn binnish yetla3 abel el fajr'],
    ['en-az-not-die-leave', 'elli ma bado ymot yfell mn binnish'],
  ])('%s: %s', (id, text) => expect(phrases(text)).toContain(id));

  it('needs the leaving: wanting to live with dignity is no ultimatum', () => {
    expect(phrases('اللي بدو يعيش بكرامة بسرمين لازم يشتغل ويتعب')).not.toContain('ar-live-leave');
    expect(phrases('Everyone in Binnish wants to live in peace after all these years.')).not.toContain('en-live-leave');
  });

  it('alerts on the ultimatum aimed at a town', () => {
    expect(analysis('Anyone in Binnish who wants to live should leave before the call to prayer.').targets[0]?.placeId).toBe('binnish');
    expect(analysis('اللي ما بدو يموت يطلع من سرمدا هلق').targets[0]?.placeId).toBe('sarmada');
  });
});

describe('denial of civilian status and collective guilt', () => {
  it.each([
    ['en-no-civilians', 'Harem has no civilians, only targets.'],
    ['en-no-civilians', 'There are no civilians in Harem anymore.'],
    ['en-no-civilians', 'Nobody in Binnish counts as a civilian after tonight.'],
    ['en-no-civilians', 'In Sarmin there is no such thing as an innocent.'],
    ['en-all-complicit', 'Everyone in Atarib is complicit and all of them will answer for it.'],
    ['ar-no-civilians', 'لا يوجد مدنيون في سرمين بعد اليوم'],
    ['ar-no-civilians', 'بنش ما في شي اسمو مدني فيها'],
    ['ar-all-complicit', 'أهل حارم كلهم شركاء'],
    ['ar-all-complicit', 'الأتارب رح ينحاسبو بالجملة'],
    ['az-no-civilians', 'b binnish ma fi shi esmo madani'],
  ])('%s: %s', (id, text) => expect(phrases(text)).toContain(id));

  it('a report that no civilians were hurt is news, not a licence', () => {
    expect(analysis('No civilians were hurt when the depot in Sarmin burned, the council said.').targets).toEqual([]);
  });
});

describe('siege by deprivation with everyday staples', () => {
  it.each([
    ['en-staples-enter', 'Not one sack of flour gets into Sarmin this month.'],
    ['en-hunger-discipline', 'Let hunger discipline them in Atarib.'],
    ['ar-staples-enter', 'من بكرا ولا قطرة مازوت بتوصل لحارم'],
    ['ar-staples-enter', 'ما في عيش ولا جركانة جاز بتخش سرمين'],
    ['ar-staples-enter-verb-first', 'والله ولن يدخلها رغيف واحد، بنش'],
    ['ar-hunger-discipline', 'خلّي الجوع يأدبهم بحارم'],
    ['az-staples-enter', 'mafi 5obz wala moya yfout 3a binnish'],
    ['az-hunger-discipline', '5alli el jo3 y2adebhom b saraqeb'],
  ])('%s: %s', (id, text) => expect(phrases(text)).toContain(id));

  it('a negation with an attached و (ولن) negates, as لن does', () => {
    expect(cueKinds('ولن يدخلها رغيف')).toContain('negation');
  });

  it('hunger told as a hardship is still no siege', () => {
    expect(phrases('الجوع قاتلنا بالمخيم بسرمين')).not.toContain('ar-hunger-discipline');
    expect(analysis('ما في خبز ولا مي بالمخيم بسرمدا، الناس تعبانة').targets).toEqual([]);
  });
});

describe('frames that only look like threats', () => {
  it('weather is the agent of the violent verb: a non-violent sense that cancels it', () => {
    const storm = analysis('The storm hit Binnish hard last night, tents are down.');
    expect(storm.modifiers.map((m) => m.kind)).toContain('non_violent');
    expect(storm.targets).toEqual([]);
    expect(cueKinds('الزلزال ضرب حارم الفجر')).toContain('non_violent');
    // A call to storm a town is no weather.
    expect(analysis('Storm Binnish at dawn, brothers.').modifiers.map((m) => m.kind)).not.toContain('non_violent');
  });

  it('the one "killed" is the speaker', () => {
    expect(analysis('هالبياع بسرمين بدو يقتلني بأسعاره').targets).toEqual([]);
    expect(cueKinds('the bakery in Atarib will be the death of me')).toContain('non_violent');
    expect(cueKinds('el 7ala2 b binnish wallah ra7 y2tolni')).toContain('non_violent');
  });

  it('a feared event with "God forbid" is a hypothesis', () => {
    expect(cueKinds('إذا صار قصف على بنش لا سمح الله وين منروح؟')).toContain('hypothetical');
    expect(cueKinds('If they ever raid Harem, God forbid, the school is the shelter.')).toContain('hypothetical');
    expect(cueKinds('law sar hjoum 3a binnish la sama7 allah, wein mnrou7?')).toContain('hypothetical');
  });
});

describe('a place whose Arabic name opens with a hamza, written with an Arabizi 2', () => {
  it('is found by the 2 before its first vowel, though its own skeleton is too short to stand alone', () => {
    expect(placeIdsWith(inventedTown('inkhil', 'إنخل', 'Inkhil'))('2inkhil ra7 tenharak')).toContain('inkhil');
    expect(placeIdsWith(inventedTown('ormeli', 'أورملي', 'Ormeli'))('2ormeli ra7 tenharak')).toContain('ormeli');
  });

  it('is not read into a 2 before a name without a hamza (2 is also ق)', () => {
    expect(placeIdsWith(inventedTown('ormeli', 'اورملي', 'Ormeli'))('2ormeli ra7 tenharak')).not.toContain('ormeli');
  });
});
