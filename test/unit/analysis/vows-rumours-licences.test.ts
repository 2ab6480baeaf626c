import { describe, expect, it } from 'vitest';
import { analyzePost } from '../../../src/analysis/index.js';
import { cueKinds, inventedTown, phraseIds as phrases, placeIdsWith, shippedAnalyzer } from './analyzer-fixture.js';

const { analyzer } = shippedAnalyzer();
const analysis = (text: string) => analyzePost({ text }, analyzer);

/**
 * Classes of batch U, written for these tests (none of them is in a dataset or a batch): vows that
 * defend a town, rumours denied in dialect and Arabizi, a threat at one person who lives in a town,
 * expulsion with a deadline, takfir that licenses fighting and plunder, an operational call to attack,
 * and a name's ذ written ز.
 */
describe('protective conditional vows: whoever means it harm must step over us first', () => {
  it.each([
    'Whoever comes to Binnish meaning harm will have to walk over our bodies first.',
    'اللي بدو يأذي سرمين لازم يمرق على جثثنا أول',
    'ahl binnish ahlna, w elli bado y2zihon lazem ydoos 3ala rasna',
    'حارم بلدنا، نحنا ولادها وما منطلع منها مهما صار',
  ])('reads a protective frame: %s', (text) => expect(cueKinds(text)).toContain('protective'));

  it('does not alert on the vow', () => {
    expect(analysis('Whoever comes to Binnish meaning harm will have to walk over our bodies first.').targets).toEqual([]);
    expect(analysis('اللي بدو يأذي سرمين لازم يمرق على جثثنا أول').targets).toEqual([]);
  });

  it('their bodies, not ours: a threat stays a threat', () => {
    const text = 'We will kill everyone in Binnish and walk over their bodies.';
    expect(cueKinds(text)).not.toContain('protective');
    expect(analysis(text).targets[0]?.placeId).toBe('binnish');
  });
});

describe('rumour denial in dialect and Arabizi', () => {
  it.each(['ma fi ay hujum 3ala binnish, kil elli binshur hek kazzab', 'ما في أي هجوم على سرمين، كل اللي بينشر هالحكي كذاب'])(
    'frames the attack spoken of as a rumour: %s',
    (text) => {
      expect(cueKinds(text)).toContain('reported_speech');
      expect(analysis(text).targets).toEqual([]);
    },
  );

  it('an Arabizi threat with no denial is still read', () => {
    expect(cueKinds('ra7 nhajem binnish bokra w ndba7kon')).not.toContain('reported_speech');
    expect(analysis('ra7 nhajem binnish bokra w ndba7kon').targets[0]?.placeId).toBe('binnish');
  });
});

describe('a threat at one person located in the town', () => {
  it.each([
    'The shopkeeper in Sarmin who cheated my mother: I will find you and you will pay.',
    'التاجر في حارم اللي سرق أمي رح يدفع الثمن',
    'el tajer b binnish elli ghash abouy, ra7 nla2ik w ra7 tedfa3 el taman',
  ])('is aimed at the person: %s', (text) => {
    expect(cueKinds(text)).toContain('protective');
    expect(analysis(text).targets).toEqual([]);
  });

  it('the people of the town are the town', () => {
    const text = 'The people in Sarmin who sheltered them will pay.';
    expect(cueKinds(text)).not.toContain('protective');
    expect(analysis(text).targets[0]?.placeId).toBe('sarmin');
  });
});

describe('expulsion with a deadline, and force for whoever stays', () => {
  it.each([
    ['en-out-by', 'All of you renting in Harem: you are out by Friday.'],
    ['ar-leave-within', 'على كل العائلات في سرمين أن تغادرها خلال يومين'],
    ['ar-out-by-force', 'واللي بيتأخر من سرمين بيطلع بالقوة'],
  ])('%s: %s', (id, text) => expect(phrases(text)).toContain(id));

  it('alerts on the deadline', () => {
    expect(analysis('All of you renting in Harem: you are out by Friday.').targets[0]?.category).toBe('expulsion');
    expect(analysis('على كل العائلات في سرمين أن تغادرها خلال يومين').targets[0]?.placeId).toBe('sarmin');
  });

  it('a guest checking out or a bus leaving is no expulsion', () => {
    expect(phrases('They check out by noon on Friday in Idlib.')).not.toContain('en-out-by');
    expect(phrases('يغادر الباص خلال ساعة من سرمين')).not.toContain('ar-leave-within');
    expect(analysis('يغادر الباص خلال ساعة من سرمين').targets).toEqual([]);
  });
});

describe('takfir licensing: helping them is apostasy, fighting him and taking his property permitted', () => {
  it.each([
    ['ar-fight-permitted', 'كل من يساعد أهل بنش فقد ارتد، ويحل قتاله وأخذ ماله'],
    ['ar-apostasy-ruling', 'كل من يساعد أهل بنش فقد ارتد، ويحل قتاله وأخذ ماله'],
    ['en-fight-permitted', 'Anyone in Sarmin who helps them has apostatized; fighting him is permitted.'],
  ])('%s: %s', (id, text) => expect(phrases(text)).toContain(id));

  it('alerts as takfir', () => {
    expect(analysis('كل من يساعد أهل بنش فقد ارتد، ويحل قتاله وأخذ ماله').targets[0]?.category).toBe('takfir');
  });

  it('a ruling that forbids fighting them is no licence', () => {
    expect(analysis('من كفّر أهل بنش فقد ضل، ولا يجوز قتالهم').targets).toEqual([]);
  });
});

describe('an operational call to attack', () => {
  it.each([
    ['en-hit-at-hour', 'Sarmin has one gate. Strike it at dawn and go house to house.'],
    ['en-house-to-house', 'Sarmin has one gate. Strike it at dawn and go house to house.'],
    ['en-none-civilian', 'Nobody in Harem is a civilian now.'],
    ['az-house-by-house', 'ahl binnish ra7 ndkhol 3alehom bet bet'],
  ])('%s: %s', (id, text) => expect(phrases(text)).toContain(id));

  it('alerts on the call', () => {
    expect(analysis('Sarmin has one gate. Strike it at dawn and go house to house.').targets[0]?.category).toBe('call_to_attack');
  });

  it('hitting the road at dawn and vaccinators going house to house are no attack', () => {
    expect(phrases('We hit the road at dawn to reach Sarmin.')).not.toContain('en-hit-at-hour');
    expect(analysis('The vaccination team will go house to house in Harem next week.').targets).toEqual([]);
  });
});

describe('ز written for the ذ of a name', () => {
  it('finds a name with ذ written with ز, as one with ز is found written with ذ', () => {
    const places = placeIdsWith(inventedTown('dharqan', 'ذرقان', 'Dharqan'));
    expect(places('زرقان تحت النار الليلة')).toContain('dharqan');
    expect(places('ذرقان تحت النار الليلة')).toContain('dharqan');
  });

  it('a short name whose ذ read as د is an ordinary word counts written that way only with support', () => {
    const places = placeIdsWith(inventedTown('dharb', 'ذرب', 'Dharb'));
    expect(places('ذرب تحت النار الليلة')).toContain('dharb');
    // Three letters are too few for a spelling with another letter to stand alone (as صرمدا's rule).
    expect(places('زرب تحت النار الليلة')).not.toContain('dharb');
    expect(places('أهل زرب رح يندمو')).toContain('dharb');
    expect(places('على درب الحج مشينا طول الليل')).not.toContain('dharb');
    expect(places('أهل درب رح يندمو')).toContain('dharb');
  });

  it('Arabizi writes the ذ of a name th as well as dh', () => {
    // The Latin name is left unlike the Arabic one, so that only the Arabizi readings of ذروان can match.
    const places = placeIdsWith(inventedTown('dharwan', 'ذروان', 'Qalaat Fi'));
    expect(places('ahl tharwan ra7 yendamo')).toContain('dharwan');
    expect(places('ahl dharwan ra7 yendamo')).toContain('dharwan');
  });

  it('does not read ز as the د of a name', () => {
    expect(placeIdsWith(inventedTown('darqan', 'درقان', 'Darqan'))('زرقان تحت النار الليلة')).not.toContain('darqan');
  });
});
