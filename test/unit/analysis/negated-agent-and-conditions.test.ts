import { describe, expect, it } from 'vitest';
import { analyzePost } from '../../../src/analysis/index.js';
import { alerts, cueKinds, placeIds, shippedAnalyzer } from './analyzer-fixture.js';

const analysis = (text: string) => analyzePost({ text }, shippedAnalyzer().analyzer);

/**
 * Round BM (from blind batch BM's first look): three ways a threat word is not a threat, and the one
 * way a negation is not the threat's. Texts are ours, about shipped places.
 */
describe('nobody as the subject: محد، محدش، ماحدا، ma7ad', () => {
  it.each([
    'محد راح يهجم على بنش، العشاير كلها اتفقت وخلصت القصة',
    'محدش هيهجم على سرمين خلاص اتصالحوا',
    'ماحدا رح يهجم على بنش، الوجهاء اتفقوا',
    'ma7adesh hayhgem 3ala binnish, el 3ela2at ratet',
  ])('negates the verb it governs: %s', (text) => {
    expect(cueKinds(text)).toContain('negation');
    expect(alerts(text)).toBe(false);
  });

  it.each(['محد رح يطلع من بنش عايش، رح نحرقها', 'محد يقدر يوقفنا، رح نحرق سرمين على راس أهلها'])('leaves the threat beside it: %s', (text) => {
    expect(alerts(text)).toBe(true);
  });
});

describe('a negation after "if" (اذا، إذا، واذا) belongs to the condition', () => {
  it.each([
    'يا أهل سرمين اطلعوا منها قبل الجمعة، واذا ما طلعتوا نطلعكم بالقوة',
    'يا أهل بنش اذا ما طلعتوا منها قبل الخميس منطلعكم بالقوة',
    'وإذا لم تخرجوا من بنش سنخرجكم منها بالقوة',
  ])('the answering threat stands: %s', (text) => {
    expect(alerts(text)).toBe(true);
  });

  it('a negation of the threat itself still negates it', () => {
    expect(alerts('احنا ما رح نطلع أهل بنش من بيوتهم، هدول أهلنا')).toBe(false);
    // الدين (religion) keys as الذين would: it opens no condition.
    expect(alerts('الدين ما بيسمح نقتل أهل بنش')).toBe(false);
  });
});

describe('a win told by its goals (خماسية، bel 5amsa) is sport', () => {
  it.each(['نادي بنش خلص على سرمين بخماسية 😂', 'binnish dab7ouhom bel 5amsa mbare7 😂', 'sarmin dab7ouhom bel arba3a mbare7'])('%s', (text) => {
    expect(cueKinds(text)).toContain('non_violent');
    expect(alerts(text)).toBe(false);
  });
});

describe('گ written for ق (Iraqi and Gulf): the word its writer says', () => {
  it('finds a name and a threat spelled with it', () => {
    expect(placeIds('ماكو ماي يوصل لسراگب بعد اليوم، خلّي زرعهم ييبس ويموتون وياه')).toContain('saraqib');
    expect(alerts('والله لنگتلكم يا أهل بنش واحد واحد')).toBe(true);
  });

  it('reads a protective vow spelled with it as the vow spelled with ق', () => {
    const withQaf = analysis('سراقب إلها رجال، واللي يفكر يتعدى عليها يلقانا قدامه');
    const withGaf = analysis('سراگب إلها رجال، واللي يفكر يتعدى عليها يلگانا گدامه');
    expect(withGaf.places.map((p) => p.placeId)).toContain('saraqib');
    expect(withGaf.score).toBe(withQaf.score);
  });
});

describe('one man who wronged the poster (الرجل الذي سرق دراجتي) is the threat’s target, not the town', () => {
  it.each(['أقسم أنني سأكسر رأس الرجل الذي سرق دراجتي أمام فرن سرمين إن رأيته مرة أخرى', 'والله الزلمة اللي ضرب ابني جنب جامع بنش لكسرلو راسو'])(
    '%s',
    (text) => {
      expect(cueKinds(text)).toContain('protective');
      expect(alerts(text)).toBe(false);
    },
  );

  it.each(['أهل بنش اللي سرقوا أرضنا رح نحرقهم', 'بنش اللي سرقت أرضنا رح نحرقها'])('a people or a town that wronged him stays a target: %s', (text) => {
    expect(alerts(text)).toBe(true);
  });
});

describe('round BO: food that "kills" and a town that meets its attacker', () => {
  it.each(['شاورما سرمين بتقتل قتل، جربت بكل مكان وما في متلها', 'فلافل بنش بتجنن والله'])('a dish named without its article is praise: %s', (text) => {
    expect(alerts(text)).toBe(false);
  });

  it('whoever touches the town will find its people in his face: a vow to defend it', () => {
    const text = 'أقسم وجهاء بنش أمام الناس أن من يمس بيتا في البلدة سيجد أهلها جميعا في وجهه قبل أن يصل إليه';
    expect(alerts(text)).toBe(false);
    expect(cueKinds(`${text}، ورح نحرق بيته`)).toContain('protective');
  });

  it('a threat that promises death before him stays one', () => {
    expect(alerts('يا أهل بنش اللي بيطلع منكم بيلاقي الموت قدامو')).toBe(true);
  });
});

describe('round BP: whoever means the town harm (من أراد بأهلها سوءاً) will meet its men', () => {
  it('is a vow to defend it', () => {
    expect(alerts('من أراد بأهل بنش سوءاً فليعلم أن رجال البلدة كلهم سيقفون دونها حتى آخر نفس')).toBe(false);
  });

  it('the poster who wants it harm still threatens it', () => {
    expect(alerts('نحن نريد بأهل بنش الشر وسنحرقها')).toBe(true);
  });
});
