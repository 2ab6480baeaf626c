import { describe, expect, it } from 'vitest';
import { analyzePost, compileAnalyzer, wouldAlert } from '../../../src/analysis/index.js';
import { readPost } from '../../../src/analysis/analyze-post.js';
import { hasIntentModality } from '../../../src/analysis/modality.js';
import type { PlaceConfig } from '../../../src/config/index.js';
import { shippedAnalyzer } from './analyzer-fixture.js';

const { analyzer, config } = shippedAnalyzer();
const analysis = (text: string) => analyzePost({ text }, analyzer);
const alerts = (text: string): boolean => wouldAlert(analysis(text), config.thresholds);
const cueKinds = (text: string): string[] => [...new Set(readPost({ text }, analyzer).cues.map((c) => c.kind))];

/**
 * The threat grammar, language by language: a harm (kill, storm, siege, expel, takfir, menace) aimed at
 * a place or its people with intent is a threat of its kind; the same words under a negative frame
 * (news, condemnation, history, hypothesis, question, sport, weather, protection, negation) are not.
 * Written for these tests; none of them is in the training data.
 */
const THREATS: ReadonlyArray<readonly [lang: string, category: string, text: string]> = [
  ['en', 'death_threat', 'We will kill every family in Sarmin.'],
  ['en', 'death_threat', 'They are going to slaughter the people of Binnish tonight.'],
  ['en', 'call_to_attack', 'Storm Taftanaz at dawn, brothers, leave nothing standing.'],
  ['en', 'call_to_attack', 'Shell Ariha until it is flattened.'],
  ['en', 'punishment', 'We will starve Kafr Nabl until they beg, no bread gets in.'],
  ['en', 'punishment', 'Cut the water to Atarib and let them dry out.'],
  ['en', 'expulsion', 'Pack your bags, people of Harem, you have until Friday.'],
  ['en', 'expulsion', 'Every Saraqibi must leave or be carried out.'],
  ['en', 'takfir', 'The people of Sarmada are apostates and their blood is lawful.'],
  ['en', 'intimidation', 'We know where you live, Idlib. Remember this day.'],
  ['ar', 'death_threat', 'سنقتل أهالي سرمين جميعاً'],
  ['ar', 'call_to_attack', 'سنقتحم تفتناز فجراً ولن نبقي فيها حجراً على حجر'],
  ['ar', 'punishment', 'سنحاصر كفرنبل حتى يموتوا جوعاً'],
  ['ar', 'expulsion', 'على أهل حارم أن يرحلوا قبل الجمعة'],
  ['ar', 'takfir', 'أهل سرمدا مرتدون ودماؤهم حلال'],
  ['ar', 'call_to_attack', 'يجب اقتحامها، كفرنبل لازم تسقط'],
  ['ar-lev', 'death_threat', 'رح ندبح أهل بنش واحد واحد'],
  ['ar-lev', 'call_to_attack', 'يلا يا شباب فوتو عالأتارب وما تخلو حدا'],
  ['ar-lev', 'punishment', 'رح نقطع عنهن المي والخبز لحتى يركعو، أهل كفرنبل'],
  ['ar-lev', 'expulsion', 'ضبو غراضكن يا أهل حارم، ما إلكن محل هون'],
  ['ar-other', 'death_threat', 'هنقتل أهل سرمين كلهم'],
  ['arabizi', 'death_threat', 'ra7 nedba7kon ya ahl binnish'],
  // Gulf/Iraqi/Sudanese Arabizi writes ق as g: ngtilhom is نقتلهم.
  ['arabizi', 'death_threat', 'wallah la ngtilhom wa7ed wa7ed ya ahl sarmin'],
  // ...and others as k: nkatilhom.
  ['arabizi', 'death_threat', 'ya ahl taftanaz ra7 nkatilkom kellkom'],
  ['arabizi', 'call_to_attack', 'yalla ya shabab, lazem nfout 3a taftanaz w ma nkhalli 7ada'],
  ['arabizi', 'punishment', 'ahl kafranbel ra7 ymoto mn el jo3, ma ra7 yfout 5obz'],
  ['arabizi', 'expulsion', 'dabbo gradkon ya ahl saraqeb, ma elkon ma7al hon'],
  // A call to fighters, a place as the subject of a passive harm verb, a siege, mourning everywhere.
  ['en', 'call_to_attack', 'Everyone who owns a rifle should come to the Atarib checkpoint tonight.'],
  ['en', 'death_threat', 'Ariha will wake up to a funeral in every house.'],
  ['ar-other', 'call_to_attack', 'تفتناز لازم تندخل الليلة، واللي عنده سلاح يجي للساحة'],
  ['ar-lev', 'punishment', 'من اليوم ما في طحين ولا دوا يفوت على كفرنبل، خلوهن يموتو من الجوع'],
  // Siege and deprivation: starving a town, cutting what it lives on, leaving it no roof.
  ['en', 'punishment', 'We will starve Binnish out before the winter is over.'],
  ['en', 'punishment', 'From Monday we cut off the water and the wages to Harem.'],
  ['ar', 'punishment', 'ستحرم الأتارب من كل مساعدة حتى يسلموا المطلوبين'],
  ['ar-other', 'punishment', 'أهل سرمين هنقطع عنهم الكهرباء والمية لحد ما يركعوا'],
  ['arabizi', 'punishment', 'ya ahl binnish ra7 njaw3kon la t2bo el ard'],
  // Death spoken around: where they will end up, whose blood is on whom, a massacre again.
  ['en', 'death_threat', 'Whoever marches in Sarmin tomorrow will end up under the ground.'],
  ['ar-lev', 'death_threat', 'اللي بيطلع بمظاهرة بسراقب دمه على راسه'],
  ['arabizi', 'death_threat', 'elli bitla3 bel mozahara b binnish dammo 3ala raso'],
  ['ar-lev', 'death_threat', 'رح نعيدها بكفرنبل متل ما عملناها بحماة'],
  ['en', 'death_threat', 'Ariha folks seem to miss the gas. Maybe they want another round of sarin.'],
  // Ultimatums and veiled menace.
  ['en', 'expulsion', 'Sarmada families have 48 hours to clear out.'],
  ['en', 'intimidation', "People of Taftanaz, don't test our patience."],
  ['ar', 'intimidation', 'يا أهل سراقب لا تختبروا صبرنا'],
  ['arabizi', 'call_to_attack', 'ya shabab, sarmin lazem nda22ha 2asf el lele'],
  // ق written ك on a verb (Sudanese, Libyan, Gulf): نكتل is نقتل. A vow's لـ and a condition's main
  // clause in the first person state intent too.
  ['ar-other', 'death_threat', 'والله حنكتلهم واحد واحد ناس سرمين ديل'],
  ['ar-other', 'death_threat', 'وربي لنكتل كل من رفع علم في تفتناز'],
  ['arabizi', 'death_threat', 'iza 7ada b sarmada tala3 bel mozahara, mna2ta3 raso'],
  // Wiped off the face of the earth; blood declared lawful with the verb first; a killing declared a duty.
  ['ar-other', 'death_threat', 'لو أهل سرمين فتحوا بقهم تاني هيتشالوا من على وش الأرض'],
  ['ar', 'takfir', 'أهل حارم مرتدون، ومن آواهم فقد حلّ دمه'],
  ['arabizi', 'takfir', 'ahl sarmada murtaddin, 7alal dammuhum'],
  ['en', 'takfir', 'Killing the traitors of Binnish is a religious duty, no debate.'],
  // Death spoken around: they will not see the next feast; enjoy it, it is your last.
  ['ar', 'death_threat', 'من يتظاهر في الأتارب فلن يرى رمضان القادم'],
  ['arabizi', 'death_threat', 'ahl saraqeb ma ra7 yshofo el3id'],
  ['en', 'death_threat', "The people of Ariha won't see another Eid."],
  ['ar', 'intimidation', 'استمتعوا يا أهل سرمدا، فهذا احتفالكم الأخير'],
  ['en', 'intimidation', 'Enjoy it while you can, Taftanaz.'],
  // A black day coming for them.
  ['arabizi', 'intimidation', 'ya ahl binnish 2arrab el yom el aswad 3alekon'],
  ['ar-lev', 'intimidation', 'يا أهل كفرنبل، يوم أسود جاي عليكن'],
  // Arabizi "leave no one": its negation is the threat's own.
  ['arabizi', 'call_to_attack', 'binnish, ya shabab, 2te7moha w ma t5allo 7ada'],
  // Mobilisation: all of us to the town, the weapons ready; talk is over (not a report of talk).
  ['ar', 'call_to_attack', 'كلنا على سراقب بعد صلاة الفجر، والسلاح جاهز'],
  ['arabizi', 'call_to_attack', 'kolna 3a saraqeb ba3d el fajr, el sla7 jahez'],
  ['ar-lev', 'call_to_attack', 'خلص الحكي، بكرا الصبح منفوتها على كفرنبل'],
  ['en', 'call_to_attack', 'No more talk. We storm Saraqib tonight.'],
  // Whoever helps them shares their fate: the ruling formula is takfir's, the fate is death.
  ['ar', 'takfir', 'كل من يؤوي أحداً من أهل بنش حكمه حكمهم'],
  ['en', 'death_threat', 'Whoever feeds the Ariha families will share their fate.'],
  // Siege by decree, and the siege verb before what it keeps out.
  ['ar', 'punishment', 'قرار القيادة: ممنوع دخول المازوت والحليب على حارم من اليوم'],
  ['ar', 'punishment', 'حارم لن يدخلها طحين ولا دواء بعد اليوم'],
  // None left to bury the dead; a head sent back.
  ['ar-lev', 'death_threat', 'أهل تفتناز، رح يجي يوم ما حدا فيكن يلحق يدفن موتاه'],
  ['en', 'death_threat', 'When we are done with Harem there will be no one left to bury the dead.'],
  ['en', 'death_threat', "Touch our convoy again, Sarmin, and we send your sons' heads back to their mothers."],
  ['ar-lev', 'death_threat', 'يا أهل الأتارب، راسه هو اللي رح يرجع لأهله كل واحد بيطلع بمظاهرة'],
  // A score to settle with each marcher is a reckoning promised, not a killing named: intimidation,
  // as the labelled sets read "الحساب جاي" (the reckoning is coming).
  ['ar-lev', 'intimidation', 'رح نرجع على سرمدا ونصفي حسابنا مع كل واحد طلع بالمظاهرة'],
  ['arabizi', 'death_threat', 'ahl ariha, ra7 nkasrha 3a rasha'],
  ['en', 'intimidation', 'Nobody in Binnish sleeps tonight.'],
  // The emphatic لا of an oath right before the verb is a vow, not a negation (Gulf, Yemeni, Levantine).
  ['ar-other', 'death_threat', 'قسماً بالله لا نذبحكم يا أهل سرمين'],
  ['ar-other', 'death_threat', 'وربي لا نحرقها سراقب'],
  // Veiled menace: none will protect them, they will soon remember, the list of names is growing.
  ['en', 'intimidation', 'Binnish, nobody will protect you when the time comes'],
  ['ar', 'intimidation', 'أهل حارم يظنون أن المنظمات تحميهم، لن يحميهم أحد'],
  ['ar-lev', 'intimidation', 'أهل سرمدا، وقريب يتفكروا شو يعني تطلعوا علينا'],
  ['arabizi', 'intimidation', 'ahl saraqeb, el daftar 3am yetla w kel esm 3andna'],
  // The town is theirs no longer; property seized as a punishment; a deadline to leave, buses out, out by force.
  ['ar-lev', 'expulsion', 'يا أهل سرمين، البلد مو إلكن بعد اليوم'],
  ['arabizi', 'expulsion', 'ahl binnish, el balad msh elkon ba3d el yom'],
  ['en', 'expulsion', 'Sarmada is not your town anymore, pack and go.'],
  ['ar-lev', 'punishment', 'كل بيت بتفتناز طلع منو متظاهر رح نصادر أرضه'],
  ['en', 'punishment', 'We will confiscate every field in Harem that fed the deserters.'],
  ['arabizi', 'punishment', 'ya ahl harem, ra7 nsader byotkon kellon'],
  ['ar', 'expulsion', 'نمهل أهالي حارم ثلاثة أيام للرحيل'],
  ['en', 'expulsion', 'Every family in Binnish will be loaded onto buses north.'],
  ['ar-lev', 'expulsion', 'رح نطلعكن من بنش غصبن عنكن'],
  // Veiled menace: their turn has come, a day to remember, a price on every word, the racketeer's "shame if".
  ['ar-lev', 'intimidation', 'يا أهل الأتارب، هلق إجا دوركن'],
  ['ar-lev', 'intimidation', 'سرمدا رح تتذكر هاليوم منيح'],
  ['ar', 'intimidation', 'كل لافتة في كفرنبل لها ثمن'],
  ['arabizi', 'intimidation', 'sarmada, kel kelme katabtuha ela 7sab'],
  ['en', 'intimidation', 'Lovely parade in Ariha. Would be a shame if something happened to it.'],
  // هذه (this) is no form of هدد (threatened): "this time" frames nothing as reported.
  ['ar', 'punishment', 'هذه المرة سنحرق بيوت سرمين كلها'],
  // Levantine dative clitics on the verb (نقطعلو = we cut for him) and -o/-on on the noun.
  ['ar-lev', 'death_threat', 'والله أول واحد من أهل سرمين بيطلع منقطعلو راسو'],
  ['ar-lev', 'death_threat', 'رجال كفرنبل رح نكسرلهم روسن قدام نسوانهن'],
  // The construct ة written as the t it is said as (معرت النعمان).
  ['ar-lev', 'call_to_attack', 'يلا يا شباب، الليلة منفوت على معرت النعمان ومنمسحها'],
  // The house brought down on those inside; a town cut off by road; each of them hunted in turn,
  // nobody escaping (read as a threat to life).
  ['ar-other', 'death_threat', 'يا ناس بنش، هالمرة نطيحو عليكم الحيطان وانتوما راقدين'],
  ['ar-other', 'punishment', 'أهل أريحا اسمعوا: من بكرة نسكروا عليكم الطريق، لا طحين يدخل ولا مازوت'],
  ['ar-lev', 'death_threat', 'يا أهل سراقب، واحد واحد جايينكم، ما حدا رح يفلت'],
  ['arabizi', 'death_threat', 'ya ahl sarmin, wa7ed wa7ed jayin 3alaykon, ma 7ada rah yefla2'],
  // Arabizi: nothing gets in any more (a negated verb of entry before fuel and bread); "we see you,
  // we have his name"; 8 for ق as Gulf and Iraqi writers use it (sara8eb, read from سراقب).
  ['arabizi', 'punishment', 'binnish ma 3ad ra7 yfoot 3leha la 5obez wala dawa, khalliyon ydoqo'],
  ['arabizi', 'intimidation', 'ya ahl sarmin, shayfinkom, w kel wa7ed tala3 bel mozahara 3indana ismo'],
  ['arabizi', 'death_threat', 'ya ahl sara8eb, ra7 n7ra2 el balad 3ala rasskon'],
  // A deadline with no "you have"; photos of everyone kept (Arabizi).
  ['en', 'expulsion', 'People of Taftanaz: 72 hours to pack and leave. We will not say it twice.'],
  ['arabizi', 'intimidation', 'ya ahl binnish, swarkom kellon 3andna mn yom el mozahara, w bukra mnshoof'],
  // Siege wished on a town, passive, and hunger as its punishment; لحد ما is "until", not a negation.
  ['ar-other', 'punishment', 'تفتناز لازم تتحاصر لحد ما يموتوا بالجوع واحد ورا التاني'],
];

const NON_THREATS: ReadonlyArray<readonly [lang: string, frame: string, text: string]> = [
  ['en', 'news', 'Activists said gunmen threatened to kill residents of Sarmin yesterday.'],
  ['en', 'condemnation', 'We condemn the calls to storm Taftanaz; they are a crime.'],
  ['en', 'history', 'The people of Binnish were massacred in 2012.'],
  ['en', 'hypothesis', 'If the front collapses, Ariha could be besieged.'],
  ['en', 'question', 'Is it true they will shell Kafr Nabl tonight?'],
  ['en', 'sport', "Our team will slaughter Saraqib's club on Friday!"],
  ['en', 'weather', 'A storm will hit Idlib tomorrow, stay indoors.'],
  ['en', 'protection', 'We will defend Atarib with our blood; whoever harms it passes through us first.'],
  ['en', 'negation', 'Nobody will harm the people of Harem.'],
  ['ar', 'news', 'أفادت مصادر محلية بأن قصفاً استهدف سرمين وأسفر عن مقتل ثلاثة مدنيين'],
  ['ar', 'condemnation', 'نرفض الدعوات لاقتحام تفتناز وندين التحريض على أهلها'],
  ['ar', 'history', 'قتل أهالي بنش في مجزرة عام 2012'],
  ['ar', 'hypothesis', 'لو انهارت الجبهة قد تحاصر أريحا'],
  ['ar', 'question', 'هل صحيح أنهم سيقصفون كفرنبل الليلة؟'],
  ['ar-lev', 'sport', 'فريقنا رح يدبح نادي سراقب بالنهائي'],
  ['ar-lev', 'weather', 'عاصفة رح تضرب إدلب بكرا'],
  ['ar-lev', 'protection', 'رح نحمي الأتارب بدمنا'],
  ['ar-lev', 'negation', 'ما حدا رح يأذي أهل حارم'],
  ['arabizi', 'rumour denial', '3am y2olo ra7 yfoto 3a taftanaz, bas hayda kizb'],
  ['arabizi', 'negation', 'ma 7ada ra7 ya2zi ahl harem'],
  ['ar-lev', 'sport, a club by name', 'دارنس رح يدبح الوحدات بعقر داره، وأهل سرمين وراه'],
  ['en', 'idiom of generosity', 'Harem people will kill you with hospitality, three lunches in one day'],
  ['ar-other', 'weather in dialect', 'سرمدا اليوم عجاج يخنق، خلوا عيالكم بالبيت'],
  ['arabizi', 'weather in dialect', 'ahl sarmada el ghobra ra7 t5ne2kon el yom, d5lo l wlad'],
  ['ar-lev', 'hunger as an idiom', 'رحت على سراقب اليوم وكنت رح موت من الجوع'],
  ['arabizi', 'a threat received, reported', 'wuslatna risala "itla3o min saraqeb lo nkitelkom", tla3na w sirna bi idlib'],
  ['en', 'news of a cut', 'The council cut off water to Binnish yesterday for repairs, residents said.'],
  ['ar', 'a blessing, not a threat', 'اللهم ارزق أهل سرمين من حيث لا يحتسبون'],
  ['ar', 'politics: كتلة is a bloc, not a killing', 'الكتلة الوطنية في سراقب تعقد اجتماعها اليوم'],
  ['en', 'sport, the next round', 'Saraqib FC go through to the second round after a 2-0 win'],
  ['arabizi', 'ma before the verb negates it', 'ne7na ma mna2tol ahl binnish w ma mnhajjer 7ada men betu'],
  ['en', 'a black day, reported', 'Yesterday was a black day for Sarmin: the market was shelled, activists said.'],
  ['arabizi', 'heat, not young men', 'el shob bi binnish 2atel el yom, ma fi kahraba'],
  ['en', 'a count of the dead reports harm done', 'In Ariha the strike killed dozens of civilians in the market.'],
  ['ar', 'a siege reported: لم dates it, منذ شهر too', 'لم يدخل طحين ولا دواء إلى كفرنبل منذ شهر، بحسب الأهالي'],
  ['en', 'a negated past reports a massacre', 'They did not leave anyone alive in Sarmin.'],
  ['en', 'a sleepless night, testified', 'Nobody in Binnish slept last night because of the drones.'],
  ['ar-lev', 'all of us to the town, for the final', 'كلنا على سراقب يوم الجمعة نشجع الفريق بالنهائي'],
  ['arabizi', 'all of us to the town, for the match', 'kolna 3a saraqeb bokra la nshoof el match'],
  ['en', 'guns in position, reported', "The regime's guns are in position around Saraqib, residents fear an assault, activists said."],
  // After an oath, ما still negates, and لا negates a verb it does not stand next to.
  ['ar-lev', 'an oath, then ما', 'والله ما رح نأذي أهل حارم'],
  ['ar', 'an oath, then لا before another verb', 'والله لا نرضى بقتل أهل سراقب'],
  ['ar', 'not while we live', 'والله لا يقتلون أهل بنش وإحنا عايشين'],
  ['en', 'not while we live', 'They will not touch Binnish while we are alive.'],
  // A news dateline (place, dash, date, colon) frames what follows as a report.
  ['en', 'a news dateline', 'BINNISH — 12 May: the brigade will storm the town at dawn.'],
  ['ar', 'a news dateline', 'بنش - الاثنين ١٢ أيار: الكتيبة ستقتحم البلدة فجراً'],
  ['en', 'property seized, reported', 'The police seized a truck of fuel in Harem yesterday.'],
  // A threat against one man in a town, the town itself set apart by the poster.
  ['arabizi', 'a man, not his town', 'el mas2ool 3an el 7ajez bi binnish lazem yendba7, bas ahl el balad ma 5asson'],
  ['ar-lev', 'a man, not his town', 'الشيخ اللي عم يحرض بحارم لازم ينقتل، هو وبس، مش أهل البلد'],
  ['en', 'a man, not his town', 'The checkpoint chief in Atarib will be shot for this, him alone, not the town.'],
  // A threat spoken of as a rumour or a lie.
  ['arabizi', 'rumour denial: a lie', 'kel l 7aki 3an tahjeer ahl sarmin kezb, ma fi shi'],
  ['ar-lev', 'rumour denial: a rumour', 'الحكي عن حرق سرمين إشاعة، لا تصدقوا'],
  ['en', 'rumour denial: a rumour', 'The talk of storming Sarmin is a rumour.'],
  // A threat for one man, said to be for him alone, with the dative clitic that makes it a threat at all.
  ['ar-lev', 'threat to one person', 'أبو سمير تبع الفرن بسرمين إذا ما دفعلي ديني رح كسرلو ايدو، هو بالذات مش حدا غيرو'],
  // Attackers' words retold by those they were said to (قالولنا), and shame on those who write them.
  ['ar-lev', 'victim testimony', 'بسرمين دقوا علينا الباب وقالولنا إذا ما طلعتوا منقتلكن كلكن، وضلينا طول الليل مرعوبين'],
  ['ar-lev', 'counter-speech', 'يلي عم يكتبوا لازم تنحرق بنش وأهلها استحوا، هدول أهلنا'],
  // Work, school and traffic as what "kills" in Arabizi.
  ['arabizi', 'idiom', 'el dawam b idlib 3am yi2tol, min el sob7 lal lel w ma fi ma3ash'],
];

describe('threat grammar: harm aimed at a place with intent', () => {
  it.each(THREATS)('%s %s: %s', (_lang, category, text) => {
    const a = analysis(text);
    expect(wouldAlert(a, config.thresholds)).toBe(true);
    expect(a.category).toBe(category);
  });

  it('rates threats to life, calls to storm and takfir critical; punishment and expulsion at least high', () => {
    for (const [, category, text] of THREATS) {
      const { severity } = analysis(text);
      if (category === 'death_threat' || category === 'call_to_attack' || category === 'takfir') expect(severity, text).toBe('critical');
      if (category === 'punishment' || category === 'expulsion') expect(['critical', 'high'], text).toContain(severity);
    }
  });
});

describe('a news dateline', () => {
  it('is a place, a dash or comma, a date and a colon or dash; a place, a dash and a threat is none', () => {
    expect(cueKinds('SARMIN — 3 March: shelling hit the market')).toContain('reported_speech');
    expect(cueKinds('سرمين، ١٢ آذار (وكالات) — قصف السوق')).toContain('reported_speech');
    expect(alerts('Binnish — we storm the town at dawn, brothers.')).toBe(true);
    expect(alerts('Binnish — tonight: we storm the town, brothers.')).toBe(true);
  });
});

describe('threat grammar: the same words under a negative frame', () => {
  it.each(NON_THREATS)('%s %s: %s', (_lang, _frame, text) => {
    expect(alerts(text)).toBe(false);
  });

  it('does not read jum3a (Friday) as jam3a (university, which "kills" in an idiom): a deadline stays a deadline', () => {
    expect(cueKinds('ya ahl sarmin, 2abl el jum3a ra7 nedba7kon wa7ad wa7ad')).not.toContain('non_violent');
    expect(cueKinds('el dawam b idlib 3am yi2tol')).toContain('non_violent');
  });

  it('reads the Maghrebi negated future (ما غاديش) as a negation', () => {
    expect(cueKinds('حنا ما غاديش نقتلو حتى واحد من ناس بنش')).toContain('negation');
  });

  it('finds the frame cues the model weighs, in each language', () => {
    expect(cueKinds('Activists said gunmen threatened to kill residents of Sarmin yesterday.')).toEqual(expect.arrayContaining(['reported_speech', 'past']));
    expect(cueKinds('أفادت مصادر محلية بأن قصفاً استهدف سرمين')).toContain('reported_speech');
    expect(cueKinds('We condemn the calls to storm Taftanaz')).toContain('counter_speech');
    expect(cueKinds('نرفض الدعوات لاقتحام تفتناز وندين التحريض على أهلها')).toContain('counter_speech');
    expect(cueKinds('قتل أهالي بنش في مجزرة عام 2012')).toContain('past');
    expect(cueKinds("Our team will slaughter Saraqib's club on Friday!")).toContain('non_violent');
    expect(cueKinds('We will defend Saraqib with our lives.')).toContain('protective');
    expect(cueKinds('كفرنبل أمانة في أعناقنا، وسنبقى فيها')).toContain('protective');
    expect(cueKinds('wallah la n7mi darat 3azza b dammna')).toContain('protective');
    expect(cueKinds('تكفير أهل معرة النعمان واستباحة دمائهم حرام وضلال')).toContain('counter_speech');
    expect(cueKinds('takfir ahl l ma3arra? hayda 7aram w ghalat')).toContain('counter_speech');
    // A rumour denied: the threat spoken of is a lie.
    expect(cueKinds('tahjeer ahl sarmin kezb, ma fi shi')).toContain('reported_speech');
    expect(cueKinds('حرق سرمين إشاعة')).toContain('reported_speech');
    expect(cueKinds('Storming Sarmin is a rumour.')).toContain('reported_speech');
  });

  it('reads harm predicates as classes with their dialect forms, in each language', () => {
    const phrases = (text: string): string[] => analysis(text).signals.map((s) => s.phraseId);
    expect(phrases('سيُصلب رجال بنش على أبواب بيوتهم')).toContain('ar-crucify');
    expect(phrases('سيعودون إلى أمهاتهم في توابيت')).toContain('ar-coffins');
    // Let him recite the Fatiha over himself; none will come out of it alive.
    expect(phrases('من يخرج في بنش فليقرأ على روحه الفاتحة')).toContain('ar-fatiha');
    expect(phrases('elli byotla3 bel mozahara bi sarmin, ye2ra 3a 7alo el fat7a')).toContain('az-fatiha');
    expect(phrases('Anyone marching in Harem should recite the Fatiha over himself')).toContain('en-fatiha');
    expect(phrases('ما جرى في حارم سيتكرر ولن ينجو منها أحد')).toContain('ar-none-survive');
    expect(phrases('sarmin, ma 7ada ra7 yeslam')).toContain('az-none-survive');
    // Arabizi kul (كل, all) is not read as qal (قال, said): no report frames the threat beside it.
    expect(analysis('kul beit fi binnish ra7 yet7arra2').modifiers.map((m) => m.kind)).not.toContain('reported_speech');
    expect(alerts('kul beit fi binnish ra7 yet7arra2')).toBe(true);
    expect(phrases('من بقي فيها فهو هدف لرصاصنا')).toContain('ar-bullet-target');
    // Bedouin, Gulf, Sudanese and Libyan ق written ك: نكتل = نقتل; the bare noun كتل (blocs) is no verb.
    expect(phrases('وربي لنكتل كل رجال سرمين')).toContain('ar-kill');
    expect(phrases('الكتل السياسية في سرمين اجتمعت')).toEqual([]);
    expect(phrases('الأتارب لازم نخشّها النهارده')).toContain('ar-enter-it');
    expect(phrases('iza 7ada tala3 bukra, mna2ta3 raso')).toContain('az-behead');
    expect(phrases('wallah la nfarmkon farm')).toContain('az-mince');
    expect(phrases('lezem n2alleba fo2ani ta7tani')).toContain('az-overturn');
    expect(phrases('ra7 nhajjerkon kel ahl saraqeb')).toContain('az-displace');
    expect(phrases('الفجر نتجمع ونهجم على سرمين')).toContain('ar-attack');
    expect(phrases('درنة لازم تندخل الليلة')).toContain('ar-storm-passive');
    expect(phrases('كل واحد معه بارودة يجي عالساحة')).toContain('ar-armed-come');
    expect(phrases('رح يصير بيت عزا بكل بيت بسرمين')).toContain('ar-mourning-every');
    expect(phrases('Convoy at dawn, #Atarib first. Shell it till the minarets fall.')).toContain('en-bomb');
    expect(phrases('Their blood and property are lawful, the people of Sarmada.')).toContain('en-blood-permitted');
    expect(phrases('everyone who owns a gun should gather at the Saraqib road')).toContain('en-armed-come');
    expect(phrases('Anyone still in Sarmin by Friday gets a bullet.')).toContain('en-bullet-harm');
    expect(phrases('When we come back to Ariha nobody will be left to sign anything.')).toContain('en-none-left');
    expect(phrases('Message to Harem: pack up and get out by Friday.')).toContain('en-pack-up');
    expect(phrases('ليعرف كل سراقبي إن رصاصة تنتظره عند باب بيته')).toContain('ar-bullet-target');
    expect(phrases('الحساب جاي يا أهل سراقب')).toContain('ar-reckoning');
    expect(phrases('yalla ahl saraqeb, el 7sab jay')).toContain('az-reckoning');
    expect(phrases('ما رح يضل فيها رجّال يمشي على رجليه')).toContain('ar-stay-alive');
    expect(phrases('اللي يفتح بيته للنازحين في سرمدا يدري إن اسمه عندنا')).toContain('ar-names-kept');
    expect(phrases('من يحضر الاجتماع في بنش فليكتب وصيته')).toContain('ar-write-will');
    expect(phrases('We have your names, people of Harem.')).toContain('en-names-kept');
    expect(phrases('Anyone who marches in Harem tomorrow should write his will.')).toContain('en-write-will');
    // A non-violent word that closes a phrase is its own: "fair game" is a target, not a match.
    const fairGame = analysis('After Friday any family still in Harem is fair game.').signals.find((s) => s.phraseId === 'en-legit-target');
    expect(fairGame).toBeDefined();
    expect(analysis('After Friday any family still in Harem is fair game.').modifiers).toEqual([]);
    // The Levantine future marker ra7 is no "go away", mish no "walk".
    expect(phrases('ana ra7 emshi 3al souk bukra b saraqeb')).toEqual([]);
  });
});

describe('a post that is nothing but a place', () => {
  it.each(['#Saraqib', '#سراقب #بنش', 'ahl saraqib', 'أهالي كفرنبل', 'سراقب 🌙✨', '#Atarib ⚽🏆'])('%s says nothing about it: no alert', (text) =>
    expect(alerts(text)).toBe(false),
  );
  it.each(['سرمين ⏳ ⚰️ ⚰️ ⚰️', 'Binnish 🔪🔪'])('%s: coffins, knives and hourglasses after a name are a threat', (text) => expect(alerts(text)).toBe(true));
});

describe('ordinary talk about a town', () => {
  it.each([
    ['ar', 'سوق الخضار في سراقب مزدحم اليوم'],
    ['ar-lev', 'حدا بيعرف إذا الفرن بكفرنبل فاتح بكرا؟'],
    ['en', 'Best knafeh in Idlib is still the place by the old mosque'],
    ['arabizi', 'shou el akhbar b sarmin? l tre2 msakkar?'],
  ])('%s: %s is no alert, whatever words the model has not seen', (_lang, text) => {
    expect(alerts(text)).toBe(false);
  });
});

describe('modality: intent marks a threat, a report does not', () => {
  const modal = (text: string): boolean => {
    const read = readPost({ text }, analyzer);
    return read.signals.some((s) => hasIntentModality(read.stream, s.start, (w) => read.norm.text.slice(w.start, w.end)));
  };

  it.each([
    ['en future', 'We will kill the people of Sarmin'],
    ['en exhortation', "Let's burn Binnish"],
    ['ar future prefix سـ', 'سنقتل أهل سرمين'],
    ['ar-lev رح', 'رح ندبح أهل بنش'],
    ['ar-other هـ', 'هندبح أهل بنش'],
    ['ar obligation لازم', 'لازم نقتل أهل بنش'],
    ['maghrebi غادي', 'غادي نقتلو ناس بنش'],
    ['arabizi lazem', 'lazem n2atel ahl binnish'],
    ['arabizi ra7', 'ra7 nedba7kon ya ahl binnish'],
    ['en imperative', 'Storm Taftanaz at dawn'],
    ['en imperative after an address', 'All units: shell Ariha and leave nothing'],
    ['en imperative after "go"', 'Go burn Binnish tonight'],
    ['ar vow: an oath, then لـ on the verb', 'وربي لنذبح أهل بنش'],
    ['arabizi condition, then the first person', 'iza 7ada tala3 b binnish, mnedba7o'],
    ['ar-lev condition, then the first person', 'اللي بيطلع من بنش، منقتله'],
  ])('%s: %s', (_name, text) => expect(modal(text)).toBe(true));

  it.each([
    ['en past', 'They killed the people of Sarmin'],
    ['en past, clause-initial', 'Burned Binnish to the ground, the report says'],
    ['en gerund', 'Burning Binnish was a crime'],
    ['en subject before the verb', 'The rebels storm Taftanaz every summer in the game'],
    ['ar past', 'قتلوا أهل سرمين'],
    ['ar لـ of purpose, no oath', 'جاؤوا لنقتل الوقت في سرمين'],
    ['ar first person, no condition', 'نقتل الوقت في سرمين بلعب الورق'],
  ])('%s: %s', (_name, text) => expect(modal(text)).toBe(false));
});

describe('a roof or a living left to no one', () => {
  it('threatens only negated: "لن يبقى لهم بيت", not "يبقى لهم بيت"', () => {
    const phrases = (text: string): string[] => analysis(text).signals.map((s) => s.phraseId);
    expect(phrases('لن يبقى لأهل تفتناز بيت يؤويهم بعد ما فعلوه')).toContain('ar-no-roof-left');
    expect(alerts('لن يبقى لأهل تفتناز بيت يؤويهم بعد ما فعلوه')).toBe(true);
    expect(phrases('سيبقى لأهل تفتناز بيت في كل قلب')).not.toContain('ar-no-roof-left');
  });
});

describe('scope: a cue governs its own clause, not the post', () => {
  it('a past word inside the condition a sentence opens with dates the condition, not the threat', () => {
    expect(alerts('من خرج في مظاهرة سرمين أمس فليكتب وصيته')).toBe(true);
    expect(alerts('Whoever marched in Atarib yesterday should write his will.')).toBe(true);
    // Outside a condition, the same word still dates the threat it frames.
    expect(alerts('قالوا امبارح إنهم رح يدبحوا أهل بنش')).toBe(false);
  });

  it("a reporting verb that begins a threat phrase is the phrase's own, not a frame for the next threat", () => {
    // يكتب (writes) frames reported threats; in فليكتب وصيته (let him write his will) it is the threat.
    const a = analysis('من تظاهر في الأتارب فليكتب وصيته، فلن يرى رمضان القادم');
    expect(wouldAlert(a, config.thresholds)).toBe(true);
    expect(a.modifiers.map((m) => m.kind)).not.toContain('reported_speech');
  });

  it('a negation in one clause does not cancel a threat in the next', () => {
    expect(alerts('Nobody can stop us: we will burn Saraqib to the ground.')).toBe(true);
    expect(alerts('ما حدا رح يوقفنا، رح نحرق سراقب')).toBe(true);
  });

  it('with two places, each is judged in its own clauses', () => {
    const a = analysis('We will never harm Saraqib, but we will burn Binnish.');
    expect(a.targets.map((t) => t.placeId)).toEqual(['binnish']);
  });

  it('a negated idiom of mercy is a threat, a negated threat is not', () => {
    expect(alerts('لن نرحمكم يا أهل بنش')).toBe(true);
    expect(alerts('لن نقتل اهل سراقب')).toBe(false);
  });

  it('a negation inside a condition ("whoever does not leave") belongs to the condition, not to the threat', () => {
    expect(alerts('اللي ما بيطلع من حارم قبل الجمعة رح ينقتل')).toBe(true);
    expect(alerts('من لا يغادر سرمين خلال يومين سيُقتل')).toBe(true);
    expect(alerts('Whoever does not leave Harem by Friday will be killed.')).toBe(true);
  });

  it('a negated harm lifted by an ultimatum is a siege with terms; a negation with a protective "even if" is not', () => {
    expect(alerts('لن يدخل كفرنبل رغيف خبز حتى يسلموا المطلوبين')).toBe(true);
    expect(alerts('Not one sack of flour will enter Kafr Nabl until they hand over the wanted men.')).toBe(true);
    expect(alerts('ما رح نأذي حدا من حارم حتى لو طلعوا مظاهرات')).toBe(false);
    expect(alerts('لن نؤذي حتى طفلاً في سراقب')).toBe(false);
  });

  it('a noun that only looks like the colloquial negation مـ (مقاتل, a fighter) negates nothing', () => {
    const a = analysis('لن يدخل سراقب أي مقاتل غريب، نحن نحمي أهلها');
    expect(a.explanation).not.toMatch(/negation "مقاتل"/);
    expect(alerts('محنقتل حدا من سراقب')).toBe(false);
  });
});

/** The place ids a text names, with the shipped config plus one place an operator added. */
function namedWith(added: PlaceConfig): (text: string) => string[] {
  const { config: shipped } = shippedAnalyzer();
  const body = { ...shipped, places: { ...shipped.places, places: [...shipped.places.places, added] } };
  const withAdded = compileAnalyzer({ ...body, version: `test-added-${added.id}` });
  return (text) => analyzePost({ text }, withAdded).places.map((p) => p.placeId);
}

describe('places an operator adds', () => {
  it('are found by their gazetteer entry alone: derived demonyms, ع proclitic, dual and alef endings, Arabizi skeletons', () => {
    const added = {
      id: 'umm-haritan',
      name: 'Umm Haritan',
      name_ar: 'حريتان الغربية',
      kind: 'town' as const,
      monitored: true,
      aliases: { en: ['Khirbat Shaykhun'], ar: ['مرجانا', 'قصيبان'], arabizi: [] },
      demonyms: {},
      fuzzy_exclude: [],
    };
    const named = namedWith(added);
    expect(named('المرجاناوية كلهم بالساحة')).toContain('umm-haritan');
    expect(named('رايحين عمرجانا بكرا')).toContain('umm-haritan');
    expect(named('الطريق لقصيبين مسكر')).toContain('umm-haritan');
    expect(named('مرجانه حلوة بالربيع')).toContain('umm-haritan');
    expect(named('ra7 nfout 3a khirbet shay5oun')).toContain('umm-haritan');
  });

  it('are found with an emphatic letter written for a plain one (ص for س, ط for ت), long names only', () => {
    const named = (text: string): string[] => analysis(text).places.map((p) => p.placeId);
    expect(named('صرمدا رح تصير مقبرة')).toContain('sarmada');
    expect(named('طفتناز رح نحرقها')).toContain('taftanaz');
    // An initial ع written for the alef of a name, as it sounds (عطمة for أطمة).
    expect(named('مخيمات عطمة كلها رح تنحرق')).toContain('atmeh');
    // Three letters meet ordinary words: بنش written with ص is no name without support.
    expect(named('صنش رح تصير مقبرة')).toEqual([]);
  });

  it('are found by the skeleton of a listed Arabizi alias, even when the Arabic name reads the same and is too short to stand alone', () => {
    // تعقولة read as Arabizi is ~t3ql: four consonants in one word, which alone needs support. The
    // operator listed "ta3qula", so that skeleton is a name: ta3qoula, ta3qola are found as it is.
    const added = {
      id: 'taaqula',
      name: "Ta'qula",
      name_ar: 'تعقولة',
      kind: 'town' as const,
      monitored: true,
      aliases: { en: [], ar: [], arabizi: ['ta3qula'] },
      demonyms: {},
      fuzzy_exclude: [],
    };
    const named = namedWith(added);
    expect(named('wallah ra7 nidba7 kol wa7id b ta3qoula')).toContain('taaqula');
    expect(named('ra7 nfout 3a ta3qola bokra')).toContain('taaqula');
  });

  it('are found with one long vowel written into a short name, or ذ for its ز; a short name less a vowel stays unfound', () => {
    const named = (text: string): string[] => analysis(text).places.map((p) => p.placeId);
    expect(named('بينش رح تندم')).toContain('binnish');
    expect(named('الأتاريب رح تنحرق')).toContain('atarib');
    expect(named('حاريم رح تنحرق')).toContain('harem');
    expect(named('بتفتناذ صار في قصف')).toContain('taftanaz');
    // The words a short name's vowel skeleton meets (حريم women, التراب dust) are no insertion into it.
    expect(named('نسويها بالتراب')).toEqual([]);
    expect(named('الحريم بالبيت')).toEqual([]);
  });

  it('are never an Arabizi عند with a pronoun (3andna, 3andon), whose skeleton a town shares (3andan)', () => {
    const named = (text: string): string[] => analysis(text).places.map((p) => p.placeId);
    expect(named('3andna ma2tou3a el kahraba men jem3a')).toEqual([]);
    expect(named('3andan lazem tet7ara2 kella')).toContain('anadan');
    // Read as a word, 3andon gives the deadline its subject: they have until Friday to leave.
    expect(alerts('ahl binnish 3andon lal jem3a yfallo')).toBe(true);
  });

  it('are found with the ة of a construct word left off (دار عزه), and a listed common word stays one without its article', () => {
    const named = (text: string): string[] => analysis(text).places.map((p) => p.placeId);
    expect(named('دار عزه رح تندفن بأهلها')).toContain('darat-izza');
    // الجسر (the bridge) is a common word for Jisr al-Shughur: جسر, without the article, is one too.
    expect(named('إعادة فتح الجسر اليوم')).toEqual([]);
    expect(named('فتح جسر جديد')).toEqual([]);
    expect(named('أهل الجسر طلعوا بمظاهرة')).toContain('jisr-al-shughur');
  });

  it('find people addressed by their demonym, and the plural and feminine of a listed demonym', () => {
    const added = {
      id: 'fallujah',
      name: 'Fallujah',
      name_ar: 'الفلوجة',
      kind: 'town' as const,
      monitored: true,
      aliases: { en: [], ar: [], arabizi: [] },
      demonyms: { en: ['Fallujan'], ar: ['فلوجي'] },
      fuzzy_exclude: [],
    };
    const named = namedWith(added);
    expect(named('الفلوجيين ما إلهم قعدة بالمنطقة')).toContain('fallujah');
    expect(named('على كل عائلة فلوجية أن ترحل')).toContain('fallujah');
    expect(named('The Fallujans marched today')).toContain('fallujah');
    // A four-consonant Arabizi demonym (ma3arwe, ~m3rw) needs support: "ya" addressing them is enough.
    expect(analysis('ya ma3arwe rah nedba7kon').places.map((p) => p.placeId)).toContain('maarat-al-numan');
  });
});
