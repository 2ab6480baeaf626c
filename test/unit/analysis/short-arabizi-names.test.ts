import { describe, expect, it } from 'vitest';
import { inventedTown, phraseIds, placeIds, placeIdsWith } from './analyzer-fixture.js';

describe('three-consonant names in Arabizi', () => {
  const withSayda = placeIdsWith(inventedTown('saida', 'صيدا', 'Sayda'));

  it('are read by their skeleton where a frame before them or a capital marks a name', () => {
    expect(withSayda('ya ahl Sayde, 3am n2ollkon a5er marra, ya bet fellou ya mnehdom l byout 3a roskon')).toContain('saida');
    expect(withSayda('ya ahl sayde rah nedba7kon')).toContain('saida');
    expect(placeIds('ya ahl atarb rah nedba7kon')).toContain('atarib');
  });

  it('are not read from an ordinary word before "and its people", "men" or after "3al"', () => {
    // trab ("soil") and tetrabba squeeze to Atarib's ~trb.
    expect(placeIds('benghazi tawa nwarrouha, nabbi nsaweha trab w nasha ya7fro 2boorhom')).not.toContain('atarib');
    expect(placeIds('7oms ra7 tetrabba men jdid, 2at3 kahraba w may')).not.toContain('atarib');
    expect(placeIds('rah nraj3kon 3al trab ya klab')).not.toContain('atarib');
  });
});

describe('round AY phrases', () => {
  it('reads veiled death threats and a supporter’s prayer over the shells', () => {
    expect(phraseIds("Whoever from Taftanaz shows up tomorrow, don't plan on going home.")).toContain('en-not-home-alive');
    expect(phraseIds('Now let them laugh under the rubble in Sarmin')).toContain('en-under-the-rubble');
    expect(phraseIds('May Allah guide every shell that falls on Sarmin tonight')).toContain('en-guide-the-shells');
    expect(phraseIds('حان دور عندان الليلة')).toContain('ar-turn-came');
    expect(phraseIds('ya ahl sarmin ya btfello ya mnehdom l byout 3a roskon')).toContain('az-houses-on-heads');
  });

  it('needs the negation that is the threat’s own', () => {
    expect(phraseIds('we plan on going home to Sarmin after the exams')).not.toContain('en-not-home-alive');
  });
});
