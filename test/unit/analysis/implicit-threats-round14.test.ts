import { describe, expect, it } from 'vitest';
import { analyzePost } from '../../../src/analysis/index.js';
import { readPost } from '../../../src/analysis/analyze-post.js';
import { linkSignals, placeCandidates, unlinkedSignals } from '../../../src/analysis/model/place-candidates.js';
import { scopeOf } from '../../../src/analysis/model/place-features.js';
import { cueKinds, inventedTown, phraseIds as phrases, placeIdsWith, shippedAnalyzer } from './analyzer-fixture.js';

const { analyzer } = shippedAnalyzer();
const analysis = (text: string) => analyzePost({ text }, analyzer);

/**
 * Threat classes of batch T, written for these tests (none of them is in a dataset or a batch): threats
 * that name no harm (a bullet waiting, the road to the border, camps to be moved to, no
 * harvest, watching and recording, the list ready, patience gone, a town that "can burn"), and two
 * frames that only look like threats: a feast's animal slaughtered and food one "kills oneself" for.
 */
describe('implicit threats with no harm verb', () => {
  it.each([
    ['en-place-burns', 'Sarmin can burn for all I care, every roof of it.'],
    ['en-bullet-waiting', 'Whoever walks out of Binnish after midnight, his bullet is waiting.'],
    ['en-road-out', 'Sarmin is ours; the road to the border is open for the rest.'],
    ['en-no-harvest', 'Not one farmer in Binnish will pick his olives this autumn.'],
    ['en-watching-recording', 'We are watching and recording every shop that closed in Sarmin.'],
    ['en-list-ready', 'Sarmada traitors, the list is printed and ready.'],
    ['en-patience-out', 'People of Harem, our patience ran out last night.'],
    ['ar-own-bullet', 'اللي بيطلع من بنش بعد العشا رصاصتو جاهزة'],
    ['ar-with-people-inside', 'كل دكان في سرمين رفع الراية رح يولع وأهله داخله'],
    ['ar-road-out', 'حارم إلنا، والطريق عالحدود فاضي لغيرنا'],
    ['ar-moved-camps', 'نبارك لأهل سرمدا، ونتمنى لهم راحة في المخيمات التي سيرحلون إليها'],
    ['ar-pay-price-of', 'أهل بنش رح يدفعوا تمن كل هتاف'],
    ['ar-no-harvest', 'ما حدا ببنش رح يقطف زيتونة هالسنة'],
    ['ar-watching-recording', 'نحنا شايفين ومسجلين كل اللي صار بحارم'],
    ['ar-soon-know', 'سرمين رح تعرف قريب مين نحنا'],
    ['ar-patience-out', 'يا أهل سرمدا، الصبر نفد'],
    ['ar-you-will-know', 'يا أهل سرمدا، وبتعرفوا شو يعني'],
    ['az-you-will-know', 'ya ahl sarmin, w ente3rfo shu ya3ne'],
    ['en-you-will-know', 'People of Sarmin, you will find out what that means.'],
    ['az-own-bullet', 'li byetla3 mn binnish bl lel, rsasto jehze'],
    ['az-patience-out', 'ya ahl sarmin, sabrna 5eles'],
    ['az-walk-or-be-walked', 'harem, ya btemsho 3a ejrkon ya mnmashikon'],
  ])('%s: %s', (id, text) => expect(phrases(text)).toContain(id));

  it('keeps the near negatives out', () => {
    expect(phrases('The road to the border is long and the bus was late again.')).not.toContain('en-road-out');
    expect(phrases('Everyone in Binnish picks olives in October.')).not.toContain('en-no-harvest');
    expect(phrases('Our photo club is watching the sunset over Harem.')).not.toContain('en-watching-recording');
  });
});

describe('nobody leaves alive, a town entered from every side', () => {
  it.each([
    ['ar-none-out-alive', 'ما حدا رح يطلع من سرمين حي'],
    ['az-none-out-alive', 'ma7ad yetla3 minha 7ay, harem khalas'],
    ['en-none-out-alive', 'Nobody walks out of Sarmin alive this time.'],
    ['ar-enter-every-side', 'حنخشها لسرمين من كل جنب'],
    ['az-enter-every-side', '7an5ushha l sarmin min kol ganb'],
    ['en-enter-every-side', 'We storm Sarmin from every side tomorrow.'],
  ])('%s: %s', (id, text) => expect(phrases(text)).toContain(id));

  it('needs the "alive": nobody leaving the house at night is no threat', () => {
    expect(phrases('ما حدا بيطلع من البيت بسرمين بالليل من البرد')).not.toContain('ar-none-out-alive');
  });
});

describe('place names spelled another way', () => {
  const placeIds = (text: string): string[] => analysis(text).places.map((p) => p.placeId);

  it('reads a 1 as l as well as i in a leet-spelled name (ta1b1se style)', () => {
    expect(placeIds('we will k1ll them all in b1nn1sh tonight')).toContain('binnish');
    expect(placeIds('sar1n is my town')).not.toContain('binnish');
  });

  it('reads ج written g or j inside a listed Latin name, not at its start', () => {
    const ids = placeIdsWith(inventedTown('wadi-nagir', 'وادي ناجر', 'Wadi Nagir'));
    expect(ids('They will burn Wadi Najir tonight')).toContain('wadi-nagir');
    expect(ids('They will burn Wadi Nagir tonight')).toContain('wadi-nagir');
  });

  it('reads k!ll with its exclamation mark', () => {
    expect(analysis('We will k!ll every traitor in Sarmin.').targets[0]?.placeId).toBe('sarmin');
  });
});

describe('a feast animal or food as the one "killed"', () => {
  it.each([
    ['ar', 'بكرا عرس بسرمين، والخروف رح ينذبح بعد الضهر'],
    ['arabizi', 'bokra 3ars b sarmin, l 5aroof ra7 yendebe7 ba3d l dohr'],
    ['en', 'Big lunch in Harem tomorrow, the lamb gets slaughtered at dawn.'],
    ['ar', 'شاورما بنش طيبة، الواحد بيقتل حالو عليها'],
    ['arabizi', 'shawarma binnish a6yab shi, l wa7ed bi2tol 7alo 3aleha'],
    ['arabizi', 'kunafa sarmin, bimout 3leha'],
  ])('%s: %s is no threat', (_lang, text) => {
    expect(cueKinds(text)).toContain('non_violent');
    expect(analysis(text).targets).toEqual([]);
  });

  it('does not take words that only look like animals for them (عجل "hurry", ديك "that")', () => {
    expect(cueKinds('يلا عجل، رح نذبح أهل سرمين الليلة')).not.toContain('non_violent');
    expect(cueKinds('ديك الساعة رح نذبح أهل سرمين')).not.toContain('non_violent');
  });

  it('still reads people as the slaughtered and "its people" as people', () => {
    expect(analysis('ra7 nedba7 ahl sarmin metel l 5irfan').targets[0]?.placeId).toBe('sarmin');
    expect(analysis('we will slaughter the people of Harem').targets[0]?.placeId).toBe('harem');
  });
});

describe('a long post read where it threatens the place', () => {
  const preamble =
    'I taught at the girls school in Sarmin for nine years and I still have friends among its teachers, its grocers and its drivers. ' +
    'I wrote about their markets, their football team and their weddings, and I argued for them online more times than I can count. ';
  const scopeWords = (text: string): string[] => {
    const read = readPost({ text }, analyzer);
    const reading = { text: read.norm.text, stream: read.stream, mentions: read.mentions, signals: read.signals, cues: read.cues };
    const linked = linkSignals(reading, analyzer);
    const [candidate] = placeCandidates(reading, linked);
    const inScope = scopeOf(candidate!, reading.stream, unlinkedSignals(linked), true);
    return reading.stream.filter((w) => !inScope || inScope(w)).map((w) => reading.text.slice(w.start, w.end));
  };

  it('leaves out the preamble when the threatening sentence names the place again', () => {
    const words = scopeWords(`${preamble}Enough now: Sarmin can burn, every last roof of it.`);
    expect(words).toContain('burn');
    expect(words).not.toContain('taught');
  });

  it('keeps the mention when the threatening sentence does not name the place', () => {
    const words = scopeWords(`${preamble}Someone left notes on the gate saying 'we will burn your house' and nobody did anything.`);
    expect(words).toContain('taught');
  });

  it('alerts on the late threat', () => {
    expect(analysis(`${preamble}Enough now: Sarmin can burn, every last roof of it.`).targets[0]?.placeId).toBe('sarmin');
  });
});

describe('"whoever does not like it": the negation belongs to the condition', () => {
  it('keeps the road-out phrase live after it', () => {
    const signal = readPost({ text: 'سرمين إلنا، واللي مو عاجبو الطريق عالحدود فاضي' }, analyzer).signals.find((s) => s.phrase.id === 'ar-road-out');
    expect(signal?.effective ?? 0).toBeGreaterThan(0);
  });
});
