import { describe, expect, it } from 'vitest';
import { analyzePost } from '../../../src/analysis/index.js';
import { alerts, cueKinds, phraseIds as phrases, shippedAnalyzer } from './analyzer-fixture.js';

const { analyzer } = shippedAnalyzer();

/**
 * The round after batch AH, with texts written for these tests: gunfire that "comes down on you" (and
 * rain as its simile, no weather talk), an Arabizi "they must be uprooted", a name split by a dot
 * between kashidas; and two frames of no threat: a message received, quoted to show it, and a rumour
 * of an attack denied in Yemeni Arabic.
 */
describe('threats', () => {
  it.each([
    ['az-fire-down-on-you', 'ya ahl binnish, el rsas ra7 yenzel 3lekon'],
    ['ar-fire-down-on-you', 'يا أهل سرمين، القذائف رح تنزل عليكم'],
    ['en-fire-down-on-you', 'People of Harem, the shells will come down on your heads.'],
    ['az-uprooted', 'ahl sarmada lazem yen2al3o mn hon'],
  ])('%s: %s', (id, text) => expect(phrases(text)).toContain(id));

  it('reads rain as a simile of gunfire, not as the weather', () => {
    expect(alerts('ya ahl binnish, el rsas ra7 yenzel 3lekon metl el matar')).toBe(true);
    expect(cueKinds('el matar ra7 yenzel 3a binnish bukra')).toContain('non_violent');
  });

  it('finds a name split by a dot between kashidas', () => {
    expect(analyzePost({ text: 'سـرمـ.ـيـن رح نخليها رماد' }, analyzer).places.map((p) => p.placeId)).toContain('sarmin');
  });
});

describe('frames of no threat', () => {
  it('reads a quoted message received as reported speech', () => {
    expect(cueKinds("The message read: 'Sarmin will pay.' We keep every one of them.")).toContain('reported_speech');
    expect(alerts("The message read: 'Sarmin will pay.' We keep every one of them for the investigators.")).toBe(false);
  });

  it('reads "no truth to it" as a rumour denied', () => {
    expect(cueKinds('ماشي صحة للكلام عن هجوم على سرمين')).toContain('reported_speech');
    expect(cueKinds('ما في صحة لخبر اقتحام بنش')).toContain('reported_speech');
  });
});
