import { describe, expect, it } from 'vitest';
import { arabiziReadingsOf, arabiziSkeleton } from '../../../src/text/index.js';

const skeletons = (name: string): string[] => (arabiziReadingsOf(name) ?? []).map((r) => r.words.join(' '));

describe('Arabizi readings of an Arabic name', () => {
  it("spell each consonant as Arabizi does, so a writer's spelling meets the name by its skeleton", () => {
    expect(skeletons('أريحا')).toContain(arabiziSkeleton('ari7a'));
    expect(skeletons('سراقب')).toContain(arabiziSkeleton('sara2eb'));
    expect(skeletons('سراقب')).toContain(arabiziSkeleton('saragib'));
    expect(skeletons('تلعفر')).toContain(arabiziSkeleton('tal3afar'));
  });

  it('read ة as t before another word, and the article apart, glued on or dropped', () => {
    const maarat = skeletons('معرة النعمان');
    const spelled = (text: string): string =>
      text
        .split(' ')
        .map((w) => arabiziSkeleton(w))
        .join(' ');
    expect(maarat).toContain(spelled('ma3arret el no3man'));
    expect(maarat).toContain(spelled('ma3arret elno3man'));
    expect(maarat).toContain(spelled('m3arra no3man'));
  });

  it("keep the likeliest readings of a name with many ambiguous letters, each letter's other spellings and the article apart among them", () => {
    // ص ق و ي each read two or four ways: 32 spellings of the bare name alone, cut to twelve.
    const saqlawiyah = skeletons('الصقلاوية');
    expect(saqlawiyah).toHaveLength(12);
    expect(saqlawiyah).toContain(arabiziSkeleton('saqlawiya'));
    expect(saqlawiyah).toContain(arabiziSkeleton('9aqlawiya')); // ص as 9, the Gulf and Iraqi way
    expect(saqlawiyah).toContain(`~l ${arabiziSkeleton('9aqlawiya')}`); // ahl el 9aqlawiya
    expect(skeletons('القصير')).toContain(`~l ${arabiziSkeleton('qseir')}`);
  });

  it('give nothing for a short name without a letter Arabizi writes with a digit: it would meet ordinary words', () => {
    expect(arabiziReadingsOf('مأرب')).toBeNull();
    expect(arabiziReadingsOf('الدانا')).toBeNull();
    expect(arabiziReadingsOf('Saraqib')).toBeNull();
  });
});
