import { describe, expect, it } from 'vitest';
import { analyzePost } from '../../../src/analysis/index.js';
import { alerts, cueKinds, inventedTown, phraseIds as phrases, placeIdsWith, shippedAnalyzer } from './analyzer-fixture.js';

/**
 * The round after batch AO, with texts written for these tests: a head that "will fly", a burial
 * beside one's father, a strike from the air, a family told to pack what one car holds; one man
 * named by where he lives (not his town); attackers' graffiti retold by a survivor; and spellings:
 * a final ة written ا, a four-letter name's demonym.
 */
describe('threats', () => {
  it.each([
    ['ar-head-flies', 'أي واحد من سرمين بيتعاون مع الجيش راسو حيطير قدام الناس'],
    ['ar-bury-beside', 'يا أهل بنش رح ندفنكم جنب أبوكم واحد واحد'],
    ['az-bury-beside', 'ya ahl binnish elli byetla3 bukra ra7 nedfno 7ad abooh'],
    ['en-bury-beside', 'We will bury the men of Sarmin next to their fathers'],
    ['ar-shoot', 'إدلب ما بترتاح غير لما تنضرب بالطيارات'],
    ['en-pack-up', 'Binnish families: pack whatever fits in one car and go'],
  ])('%s: %s', (id, text) => expect(phrases(text)).toContain(id));
});

describe('one man named by where he lives', () => {
  it('keeps "the guy in X who…" a place mention, and does not alert', () => {
    const text = 'The guy in Sarmada who sold me a broken phone: I know where your shop is. Pay me back or you will be eating through a straw.';
    const { analyzer } = shippedAnalyzer();
    expect(analyzePost({ text }, analyzer).places.map((p) => p.kind)).not.toContain('people_of');
    expect(alerts(text)).toBe(false);
  });

  it('still reads "every man from X" as the town\'s people', () => {
    const { analyzer } = shippedAnalyzer();
    expect(analyzePost({ text: 'Every man from Sarmada will be hanged' }, analyzer).places.map((p) => p.kind)).toContain('people_of');
    expect(alerts('Every man from Sarmada will be hanged')).toBe(true);
  });
});

describe("attackers' words retold", () => {
  it('reads what was written on the walls as reported speech', () => {
    expect(cueKinds("كنا بسرمين لما كتبولنا عالحيطان 'جايينكن'")).toContain('reported_speech');
    expect(cueKinds("بالضلوعية كانوا يصيحون بالمكرفونات 'راح نذبحكم'")).toContain('reported_speech');
  });
});

describe('spellings', () => {
  it('finds a name in ة written with a final ا, and makes no short word of حماة', () => {
    expect(placeIdsWith(inventedTown('tundubah', 'تندبة', 'Tundubah'))('أي زول من تندبا يتعاون معهم')).toContain('tundubah');
    const { analyzer } = shippedAnalyzer();
    expect(analyzePost({ text: 'الحما زعلانة من الكنة' }, analyzer).places.map((p) => p.placeId)).not.toContain('hama');
  });

  it("derives the nisba and its plural for a four-letter name (Ma'an → the Maanis)", () => {
    const ids = placeIdsWith(inventedTown('tarf', 'طرف', 'Tarf'));
    expect(ids('the Tarfis should be trucked out to the desert')).toContain('tarf');
    expect(ids('a Tarfi friend of mine')).toContain('tarf');
  });
});
