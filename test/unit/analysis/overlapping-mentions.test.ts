import { describe, expect, it } from 'vitest';
import { analyzePost, compileAnalyzer } from '../../../src/analysis/index.js';
import { inventedTown, shippedAnalyzer } from './analyzer-fixture.js';

describe('place mentions never overlap', () => {
  // "Maan" (Ma'an, Jordan) squeezes to "man": in "every man in Taftanaz" that word was taken as Ma'an
  // first, and Taftanaz's resident frame ("man in") then reached back over it. The two mentions
  // overlapped, the one inside had no place in the collapsed stream, and linking the threat threw.
  it('a resident frame stops short of a word another mention holds', () => {
    const { config } = shippedAnalyzer();
    const places = { ...config.places, places: [...config.places.places, inventedTown('maan', 'معان', 'Maan')] };
    const analyzer = compileAnalyzer({ ...config, places, version: 'test-overlapping-mentions' });
    for (const text of [
      "I'm going to kill every man in Taftanaz who raised that flag, and then I'm going to kill their fathers.",
      'every man in Taftanaz is a hero',
      'a man in Maan said the men of Taftanaz will be burned',
    ]) {
      const analysis = analyzePost({ text }, analyzer);
      const spans = analysis.places.map((p) => p.span).sort((a, b) => a.start - b.start);
      for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
      expect(analysis.places.map((p) => p.placeId)).toContain('taftanaz');
    }
    // Ma'an is a target there too ("man" is its spelling): a gap of its own, see the README's open problems.
    expect(analyzePost({ text: "I'm going to kill every man in Taftanaz who raised that flag" }, analyzer).targets.map((t) => t.placeId)).toContain('taftanaz');
  });
});
