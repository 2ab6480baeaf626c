import { describe, expect, it } from 'vitest';
import { alerts, cueKinds, inventedTown, phraseIds, placeIds, placeIdsWith } from './analyzer-fixture.js';

/**
 * The round after batch AV, with texts written for these tests: a deadline to leave and what follows
 * it ("whoever we find after Friday is on his own", "then nobody ask us what happened"), a siege
 * decreed in nouns (منع دخول الطحين … إلى أن يسلّم أهلها), a particle glued to a two-letter first
 * word of a name (بتل, وقب), someone else's words in Levantine and Arabizi, one man named by his job.
 */
describe('a deadline to leave, and what follows it', () => {
  it('reads the time given and the veiled sequel', () => {
    expect(phraseIds('كل غريب ساكن بسرمين إلو لآخر الأسبوع ليفلّ من هون')).toContain('ar-deadline-leave');
    expect(phraseIds('بعد الخميس اللي منلاقيه جوا سرمين مسؤوليتو')).toContain('ar-found-own-fault');
    expect(phraseIds('وبعدها ما حدا يجي يسألنا شو صار بسرمين')).toContain('ar-dont-ask-us');
    expect(alerts('أي واحد من بنش ما معه ورقة يطلع قبل الخميس، وبعد الخميس اللي منلاقيه جوا مسؤوليتو')).toBe(true);
    expect(phraseIds('Every family in Binnish has until Friday to get out. After that don\u2019t come asking us what happened.')).toContain(
      'en-dont-come-asking',
    );
  });

  it('leaves a sad "nobody ask me" alone', () => {
    expect(phraseIds('ما حدا يسألني شو صار معي بسرمين اليوم، تعبان كتير')).not.toContain('ar-dont-ask-us');
  });
});

describe('a siege decreed in nouns', () => {
  it('reads the ban on entry and the handover it waits for', () => {
    expect(phraseIds('تقرر منع دخول الطحين والمازوت إلى تفتناز')).toContain('ar-siege-ban');
    expect(phraseIds('إلى أن يسلم أهلها المطلوبين')).toContain('ar-until-handover');
    expect(alerts('بيان: تقرر منع دخول الطحين والمازوت إلى تفتناز إلى أن يسلم أهلها المطلوبين')).toBe(true);
  });
});

describe('a particle glued to a two-letter first word of a name', () => {
  const withTown = placeIdsWith(inventedTown('tal-hamra', 'تل الحمرا', 'Tal al-Hamra'));

  it('is the town', () => {
    expect(withTown('والله لنحرق بتل الحمرا كل بيت')).toContain('tal-hamra');
    expect(withTown('رحنا عتل الحمرا ولتل الحمرا وبتل الحمرا')).toContain('tal-hamra');
  });

  it('does not make the two letters a name alone', () => {
    expect(withTown('بتل من الرمل قرب البيت')).not.toContain('tal-hamra');
  });
});

describe("someone else's words", () => {
  it('reads "those saying that" in Levantine and Arabizi as reported', () => {
    expect(cueKinds('اللي عم يحكي إنو لازم نحرق سراقب ما عندو ضمير')).toContain('reported_speech');
    expect(cueKinds('li 3am y2olo enno lezem n7ar2 saraqib ma 3andon damir')).toContain('reported_speech');
    expect(alerts('li 3am y2olo enno lezem n7ar2 saraqib ma 3andon damir')).toBe(false);
  });
});

describe('one man named by his job', () => {
  it('is not his town, with words between who he is and the place', () => {
    expect(cueKinds('المعلم اللي بيدرّس ابني بالمدرسة في بنش، والله لأكسر إيده')).toContain('protective');
    expect(alerts('المعلم اللي بيدرّس ابني بالمدرسة في بنش، والله لأكسر إيده')).toBe(false);
    expect(cueKinds('That baker near the roundabout in Atarib who cheated my mother will get a beating')).toContain('protective');
  });

  it('keeps a threat at the town a threat', () => {
    expect(placeIds('والله لنحرق بنش كلها')).toContain('binnish');
    expect(alerts('والله لنحرق بنش كلها')).toBe(true);
  });
});

describe('where the poster writes from, and a harm feared', () => {
  it('reads "posting this from X" and "from X we say" as the poster\u2019s town', () => {
    expect(cueKinds('Homs boys, we are coming for you. Posting this from Atarib and I mean it')).toContain('protective');
    expect(cueKinds('من سراقب نقولها لأهل حمص: جايينكم')).toContain('protective');
  });

  it('reads "God let it never return" as a feared event', () => {
    expect(cueKinds('سرمين أول ضيعة رح تنضرب لأنها عالخط، الله لا يعيدها')).toContain('hypothetical');
    expect(cueKinds('sarmin awwal day3a ra7 tendarab, allah la y3ida')).toContain('hypothetical');
  });
});

describe('the round after batch AW', () => {
  it('reads packing up and going back where one came from, and blaming only yourselves (Maghrebi and Levantine)', () => {
    expect(phraseIds('يهزو قشهم ويروحو منين جاو')).toEqual(expect.arrayContaining(['ar-pack-your-things', 'ar-back-where-from']));
    expect(phraseIds('لموا غراضكم وارجعوا من وين ما جيتوا')).toEqual(expect.arrayContaining(['ar-pack-your-things', 'ar-back-where-from']));
    expect(phraseIds('بعد الجمعة ما تلومو كان رواحكم')).toContain('ar-blame-yourselves');
    // A defenders' vow about an attacker (third person) is not this phrase.
    expect(phraseIds('اللي يمد يده عليها ما يلوم إلا نفسه')).not.toContain('ar-blame-yourselves');
  });

  it('reads staples withheld to let a town freeze, lists kept, and no warning next time', () => {
    expect(phraseIds('No fuel, no bread. Let them freeze and learn.')).toContain('en-let-them-freeze');
    expect(phraseIds('remember that we have long memories and even longer lists')).toContain('en-long-memories');
    expect(phraseIds('we have long memories of kindness')).not.toContain('en-long-memories');
    expect(phraseIds("Remember last spring? The next one won't come with a warning.")).toContain('en-next-no-warning');
  });

  it('reads the place a threat is watched from as not its target', () => {
    expect(cueKinds('We will burn Homs street by street and watch it from the hills above Atarib.')).toContain('protective');
    expect(alerts('We will burn Homs street by street and watch it from the hills above Atarib.')).toBe(false);
  });
});

describe('the round after batch AX', () => {
  it('reads protection given and the poster\u2019s own town as protective', () => {
    expect(cueKinds('أهل سرمين بوجهنا، واللي بيمد إيدو عليهن منقطعها')).toContain('protective');
    expect(cueKinds('ana ibn saraqib w ba2ella 3al 3ali: 7oms lazem tfda')).toContain('protective');
    expect(cueKinds('أنا ابن سراقب وبقولها: حمص لازم تفضى')).toContain('protective');
  });
});
