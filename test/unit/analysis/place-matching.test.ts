import { describe, expect, it } from 'vitest';
import { analyzePost } from '../../../src/analysis/index.js';
import { shippedAnalyzer } from './analyzer-fixture.js';

const { analyzer } = shippedAnalyzer();
const places = (text: string) => analyzePost({ text }, analyzer).places.map((p) => ({ id: p.rollupPlaceId, kind: p.kind, text: p.span.text }));

describe('place matching', () => {
  it('recognises every spelling of Darat Izza in Latin, Arabic and Arabizi', () => {
    for (const name of [
      'Darat Izza',
      'Darat Azza',
      'Daret Izza',
      "Darat 'Izza",
      'Dārat ʿIzzah',
      'دارة عزة',
      'دارة عزه',
      'دارت عزة',
      'darat 3izza',
      'darat 3azza',
    ]) {
      expect(
        places(`We visited ${name} yesterday`).map((p) => p.id),
        name,
      ).toEqual(['darat-izza']);
    }
  });

  it('recognises transliteration variants of the other towns', () => {
    expect(places("Ma'arrat al-Nu'man and معرة النعمان").map((p) => p.id)).toEqual(['maarat-al-numan', 'maarat-al-numan']);
    expect(places('al-Atarib, Atarib, الأتارب, الاتارب').map((p) => p.id)).toEqual(['atarib', 'atarib', 'atarib', 'atarib']);
    expect(places('Kafranbel and كفر نبل').map((p) => p.id)).toEqual(['kafr-nabl', 'kafr-nabl']);
  });

  it('turns resident phrases into people_of mentions that span the whole phrase, determiner included', () => {
    expect(places('the residents of Saraqib')).toEqual([{ id: 'saraqib', kind: 'people_of', text: 'the residents of Saraqib' }]);
    expect(places('hang all those folks from Atarib')[0]!.text).toBe('all those folks from Atarib');
    expect(places('عيال كفرنبل')[0]).toMatchObject({ kind: 'people_of', text: 'عيال كفرنبل' });
    expect(places('a person from Taftanaz')[0]!.text).toBe('a person from Taftanaz');
    // "the" with one person is that person, not the town's people.
    expect(places('the guy in Taftanaz who sold me a phone')[0]).toMatchObject({ kind: 'alias', text: 'Taftanaz' });
    expect(places('Saraqib people')[0]).toMatchObject({ kind: 'people_of', text: 'Saraqib people' });
    expect(places('لأهالي سراقب')[0]).toMatchObject({ kind: 'people_of', text: 'لأهالي سراقب' });
    expect(places('واحد من أهل تفتناز')[0]!.text).toBe('واحد من أهل تفتناز');
    expect(places('ya ahl darat 3azza')[0]).toMatchObject({ id: 'darat-izza', kind: 'people_of' });
  });

  it('recognises demonyms and hashtags', () => {
    expect(places('Saraqibis again')[0]).toMatchObject({ id: 'saraqib', kind: 'demonym' });
    expect(places('#دارة_عزة')[0]).toMatchObject({ id: 'darat-izza', kind: 'hashtag' });
    expect(places('#DaratIzza')[0]).toMatchObject({ id: 'darat-izza', kind: 'hashtag' });
  });

  it("derives the broken plural of a town's people from its Arabic name", () => {
    // Three root letters take CCاCنة, four take CCاCCة; with or without the article.
    expect(places('الادالبة خونة')[0]).toMatchObject({ id: 'idlib', kind: 'demonym' });
    expect(places('الأتاربة خونة')[0]).toMatchObject({ id: 'atarib', kind: 'demonym' });
    expect(places('بناشنة')[0]).toMatchObject({ id: 'binnish', kind: 'demonym' });
    expect(places('الإدارة قررت اليوم')).toEqual([]);
  });

  it('rolls villages and neighbourhoods up to their town', () => {
    const [mention] = analyzePost({ text: 'people of Taqad' }, analyzer).places;
    expect(mention).toMatchObject({ placeId: 'taqad', rollupPlaceId: 'darat-izza' });
  });

  it('tolerates a typo in a transliterated name', () => {
    expect(places('Saraqbi today')[0]).toMatchObject({ id: 'saraqib', kind: 'fuzzy' });
    expect(places('Taftanaaz today')[0]).toMatchObject({ id: 'taftanaz' });
  });

  it('finds a name spelled another way in an English post by its consonants, when written as a name', () => {
    expect(places('Maaret al-Nouman scum, we are coming')[0]).toMatchObject({ id: 'maarat-al-numan' });
    expect(places('They will storm Jisr al-Shugour tonight')[0]).toMatchObject({ id: 'jisr-al-shughur' });
    // Lower case, a one-word skeleton at a sentence's start, or an English verb: no place.
    expect(places('they will banish them')).toEqual([]);
    expect(places('Banish them all')).toEqual([]);
  });

  it('reads the 3 Arabizi writes for an initial ع that the Latin spelling dropped (Andan, 3andan)', () => {
    expect(places('3andan ra7 nfneeha')[0]).toMatchObject({ id: 'anadan' });
  });

  it('reads an Arabic name as Arabizi writers spell it, digits and all, when no alias lists that spelling', () => {
    expect(places('ma3arret el no3man ra7 tetdammar')[0]).toMatchObject({ id: 'maarat-al-numan' });
    expect(places('ya ahl ari7a')[0]).toMatchObject({ id: 'ariha' });
    expect(places('#ari7a')[0]).toMatchObject({ id: 'ariha' });
    // Vowels dropped, أريحا reads like راحة ("rest"): a short skeleton needs "ahl" or a hashtag.
    expect(places('ana ta3ban w bde ra7a')).toEqual([]);
    expect(places('ari7a 7elwe bl rabi3')).toEqual([]);
  });

  it('reads a y or w after a vowel as the vowel it spells (Shaikhoon for Shaykhun) and a long name with a long vowel more (كفر نبيل)', () => {
    expect(places('The road out of Khan Shaikhoon is closed again')[0]).toMatchObject({ id: 'khan-shaykhun' });
    expect(places('الطريق من كفر نبيل للمعرة مسكر')[0]).toMatchObject({ id: 'kafr-nabl' });
    // A short skeleton still needs support: حريم (women) is no Harem.
    expect(places('حريم الحارة طلعوا عالسوق')).toEqual([]);
  });

  it('reads an English post with one Arabic word in it (inshallah) as English: a capital still marks a name', () => {
    expect(places("Ariha, inshallah you'll see what happens to traitors. Soon.")[0]).toMatchObject({ id: 'ariha' });
    expect(places('Harem lazem tetrabba, ya3ni')).toEqual([]);
  });

  it('reads the Levantine ع of على glued onto the first word of a longer name', () => {
    expect(places('كل الفصائل تتحرك عجسر الشغور')[0]).toMatchObject({ id: 'jisr-al-shughur' });
  });

  it('takes a capitalised common-word name at a sentence start as the town only when the post threatens', () => {
    expect(places('Harem: beheadings coming for every traitor living there.')[0]).toMatchObject({ id: 'harem' });
    expect(places('Harem pants are back in fashion.')).toEqual([]);
    expect(places('Dana went to the market')).toEqual([]);
    // Arabizi writers capitalise any first word.
    expect(places('Dar 3ammi kbire w 7elwe')).toEqual([]);
  });

  it('does not take false friends for places', () => {
    expect(places('the dar is open, izza said')).toEqual([]);
    expect(places('Dana went to the market')).toEqual([]);
    expect(places('a harem scene in the film')).toEqual([]);
    // Forms we derive (a demonym's Arabizi spelling) meet ordinary words when their skeleton is short:
    // torabiya ("dusty") is not the Atarib demonym ataribiye, 7ramat ("blankets") not Harem.
    expect(places('3asfa torabiya b idlib el yom, ma tshuf shi')).not.toContainEqual(expect.objectContaining({ id: 'atarib' }));
    expect(places('fi tawzi3 7ramat shetwiye bokra el sob7')).toEqual([]);
  });

  it('reads ق written ك as Iraqi, Gulf and Sudanese writers say it, in names long enough to stand alone', () => {
    expect(places('سراكب رح تنحرق').map((p) => p.id)).toEqual(['saraqib']);
    // تقاد as تكاد is "almost": four letters with a ق read as ك need support.
    expect(places('الحياة في المخيم تكاد لا تحتمل')).toEqual([]);
  });

  it('finds no place inside @handles or links, and no threat in them', () => {
    expect(places('Follow @saraqib_news and @DaratIzza for updates')).toEqual([]);
    expect(places('see https://example.org/saraqib/kill-them and www.idlib.example/news')).toEqual([]);
    expect(analyzePost({ text: 'see https://example.org/saraqib/kill-them' }, analyzer).signals).toEqual([]);
    expect(places('We will burn Saraqib @everyone').map((p) => p.id)).toEqual(['saraqib']);
  });

  it('recognises unmonitored places so they can claim a threat', () => {
    expect(places('people of Aleppo')[0]).toMatchObject({ id: 'aleppo' });
  });
});
