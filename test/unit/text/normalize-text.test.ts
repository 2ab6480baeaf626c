import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeText, tokenize } from '../../../src/text/index.js';

const norm = (s: string): string => normalizeText(s).text;

describe('normalizeText', () => {
  it('reads an exclamation mark between two letters as an i, and leaves one that ends a sentence', () => {
    expect(norm('k!ll them')).toBe('kill them');
    expect(norm('Stop! now')).toBe('stop! now');
    expect(norm('go!')).toBe('go!');
  });

  it('applies NFKC so full-width and presentation forms read as plain letters', () => {
    expect(norm('Ｋｉｌｌ')).toBe('kill');
    expect(norm('ﻻ')).toBe('لا');
  });

  it('removes zero-width characters and bidi controls hidden inside words', () => {
    expect(norm('ki\u200bll')).toBe('kill');
    expect(norm('\u202eقتل\u202c')).toBe('قتل');
    expect(norm('da\u2066rat\u2069')).toBe('darat');
  });

  it('strips Arabic diacritics and tatweel', () => {
    expect(norm('دارةُ عزّة')).toBe('داره عزه');
    expect(norm('قـــتـل')).toBe('قتل');
  });

  it('unifies alef/hamza forms, taa marbuta and alef maqsura', () => {
    expect(norm('أحمد إبراهيم آمن ٱلله')).toBe('احمد ابراهيم امن الله');
    expect(norm('مؤمن رئيس')).toBe('مومن رييس');
    expect(norm('مدينة على')).toBe('مدينه علي');
  });

  it('unifies Persian and Urdu letter variants', () => {
    expect(norm('کلب یار')).toBe('كلب يار');
  });

  it('reads گ as the ق Iraqi and Gulf writers say as g (گال، گدام، الگرنة)', () => {
    expect(norm('گال يلگانا گدامه')).toBe('قال يلقانا قدامه');
  });

  it('cuts runs of three or more identical letters to two (both forms then match)', () => {
    expect(norm('kiiiiill')).toBe('kiill');
    expect(norm('قتتتتل')).toBe('قتتل');
    expect(norm('kill')).toBe('kill');
  });

  it('re-joins letters split by dots, spaces, dashes or underscores', () => {
    expect(norm('k.i.l.l them')).toBe('kill them');
    expect(norm('k i l l')).toBe('kill');
    expect(norm('k-i-l-l')).toBe('kill');
    expect(norm('k_i_l_l')).toBe('kill');
    expect(norm('انا عاوز ا ق ت ل كل')).toBe('انا عاوز اقتل كل');
  });

  it('re-joins letters set apart by a mark between spaces or by the spaces a kashida leaves', () => {
    expect(norm('سوف ن . ح . ر . ق بيوتهم')).toBe('سوف نحرق بيوتهم');
    expect(norm('رح ن ـ ح ـ ر ـ ق ـ ه ـ ا')).toBe('رح نحرقها');
    expect(norm('we will b - u - r - n it')).toBe('we will burn it');
    expect(norm('ra7 n . 2 . t . l . o . k . o . n')).toBe('ra7 n2tlokon');
    // A sentence's worth of marks is no separator: the letters either side stay words of their own.
    expect(norm('plan a .... b .... c')).toBe('plan a .... b .... c');
    expect(norm('I a')).toBe('i a');
  });

  it('re-joins a word split into letter pieces by dots or dashes without spaces', () => {
    expect(norm('سنذ.ب.ح أهل أريحا')).toBe('سنذبح اهل اريحا');
    expect(norm('s.laugh.t.er them')).toBe('slaughter them');
    expect(norm('ق-ت-لهم')).toBe('قتلهم');
    // Hyphenated names, domains, abbreviations and numbers have fewer than two one-letter pieces.
    expect(norm('al-Numan news.example.org U.S. 3.5 km well-known')).toBe('al-numan news.example.org u.s. 3.5 km well-known');
  });

  it('re-joins an Arabizi word cut by dots with one single letter among its pieces, never one cut by hyphens', () => {
    expect(norm('ghadi t7.r.9 kamla, ghadi nd.b.7ohom')).toBe('ghadi t7r9 kamla, ghadi ndb7ohom');
    // Hyphens join Arabizi words (3a-l-balad is "to the town"); versions and sums have no letter piece.
    expect(norm('3a-l-balad v2.5.3 2.5.7')).toBe('3a-l-balad v2.5.3 2.5.7');
  });

  it('re-joins a word split by a dot or dash between two kashidas, and keeps a dot after a word', () => {
    expect(norm('الـدجـ.ـيـل')).toBe('الدجيل');
    expect(norm('سـرمـ-ـيـن')).toBe('سرمين');
    expect(norm('سراقب. ـ حلب')).toBe('سراقب.  حلب');
  });

  it('re-joins a word split after a kashida (لنـ ذبح, الـ فيسبوك), mapping back to the original', () => {
    expect(norm('والله لنـ ذ.ب.ح كل واحد')).toBe('والله لنذبح كل واحد');
    expect(norm('شفت الـ فيسبوك اليوم')).toBe('شفت الفيسبوك اليوم');
    const n = normalizeText('لنـ ذبحكم');
    expect(n.toOriginal(0, n.text.length)).toEqual({ start: 0, end: 9 });
    // A one-letter abbreviation (هـ for the Hijri year), a kashida standing alone and one before a digit stay apart.
    expect(norm('عام 1445 هـ الموافق')).toBe('عام 1445 ه الموافق');
    expect(norm('كلمة ـ كلمة')).toBe('كلمه  كلمه');
    expect(norm('الـ 5 الاوائل')).toBe('ال 5 الاوايل');
  });

  it('carries a split Latin word through the digits Arabizi writes for letters (s.r.a.2.e.b, 7 a r e m)', () => {
    expect(norm('yalla 3a s.r.a.2.e.b, e2t7amo')).toBe('yalla 3a sra2eb, e2t7amo');
    expect(norm('3a s r a 2 e b')).toBe('3a sra2eb');
    expect(norm('7.a.r.e.m')).toBe('7arem');
    // Numbers, dates, versions and phone digits hold fewer than three letters (or two letter pieces) and stay apart.
    expect(norm('v.2.5, 3.5.7, a.2.3, 2.5.2017, 7.5 km, call 5 5 5 7, a 2 b 3 c')).toBe('v.2.5, 3.5.7, a.2.3, 2.5.2017, 7.5 km, call 5 5 5 7, a 2 b 3 c');
  });

  it('leaves two single letters alone (a real "I a" is not an obfuscation)', () => {
    expect(norm('I a')).toBe('i a');
  });

  it('folds Latin diacritics and Cyrillic/Greek homoglyphs', () => {
    expect(norm('Dārat ʿIzzah')).toBe("darat 'izzah");
    expect(norm('kіll')).toBe('kill'); // Cyrillic і
    expect(norm('ΚΙLL'.toLowerCase())).toBe('kill');
  });

  it('reads letter emoji as their letters, and leaves flags apart from the word beside them', () => {
    expect(norm('Sar🅰️qib')).toBe('saraqib');
    expect(norm('🅚🅘🅛🅛 them')).toBe('kill them');
    const n = normalizeText('burn Sar🅰️qib');
    const i = n.text.indexOf('saraqib');
    const span = n.toOriginal(i, i + 'saraqib'.length);
    expect(n.original.slice(span.start, span.end)).toBe('Sar🅰️qib');
    expect(tokenize(norm('Saraqib🇸🇾')).tokens.map((t) => t.text)).toContain('saraqib');
  });

  it('maps every normalized range back to the original text', () => {
    const n = normalizeText('K.I.L.L the people of Dārat ʿIzzah');
    const i = n.text.indexOf('darat');
    const span = n.toOriginal(i, i + 'darat'.length);
    expect(n.original.slice(span.start, span.end)).toBe('Dārat');
    const all = n.toOriginal(0, 4);
    expect(n.original.slice(all.start, all.end)).toBe('K.I.L.L');
  });

  it('maps ranges back when only the last characters were dropped (a trailing diacritic)', () => {
    // Every unit before the dropped one stands at its own index, but the text is shorter than the original.
    const n = normalizeText('لن يمسوا أهل عزة، ولا نقبل أصلاً');
    expect(n.text.length).toBeLessThan(n.original.length);
    const i = n.text.indexOf('اهل');
    const span = n.toOriginal(i, i + 'اهل عزه'.length);
    expect(n.original.slice(span.start, span.end)).toBe('أهل عزة');
    const last = n.toOriginal(n.text.length - 4, n.text.length);
    expect(n.original.slice(last.start, last.end)).toBe('أصلا');
  });

  it('maps any token span to a slice of the original (property)', () => {
    const alphabet = fc.constantFrom(...'abc k.i l-l دارة عزة أهل ـً\u200b\u202e😀Ｋ  ﻻ 3izza'.split(''));
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 60 }).map((a) => a.join('')),
        (original) => {
          const n = normalizeText(original);
          for (const t of tokenize(n.text).tokens) {
            const span = n.toOriginal(t.start, t.end);
            expect(span.start).toBeGreaterThanOrEqual(0);
            expect(span.end).toBeLessThanOrEqual(original.length);
            expect(span.start).toBeLessThanOrEqual(span.end);
            // The span's text is exactly what the original holds there, and never splits a surrogate pair.
            const text = original.slice(span.start, span.end);
            expect(text).toBe(original.substring(span.start, span.end));
            expect(/^[\uDC00-\uDFFF]/.test(text)).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
  it('gives a text normalized again the same result, and the next text its own, whatever came before (property)', () => {
    const alphabet = fc.constantFrom(...'abc k.i l-l دارة عزة ـً\u200b😀Ｋ A'.split(''));
    const text = fc.array(alphabet, { maxLength: 40 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, text, (first, second) => {
        const fresh = (s: string) => {
          normalizeText(`${s}\u0000`); // another text in between: no result kept for s
          return normalizeText(s);
        };
        const expected = fresh(second);
        const spans = (n: ReturnType<typeof normalizeText>) => tokenize(n.text).tokens.map((t) => n.toOriginal(t.start, t.end));
        normalizeText(first);
        // The same string, a copy of it, and after another text: one result, as if computed anew.
        for (const again of [normalizeText(second), normalizeText(second), normalizeText([...second].join(''))]) {
          expect(again.text).toBe(expected.text);
          expect(again.original).toBe(second);
          expect(spans(again)).toEqual(spans(expected));
        }
      }),
      { numRuns: 300 },
    );
  });
});
