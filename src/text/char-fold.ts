/**
 * Per-character folding tables. They are applied to every code point of a post, so they are plain
 * lookups built once at module load.
 */

/**
 * Zero-width characters, bidi controls and variation selectors (the emoji one after Sar🅰️qib's
 * letter): invisible, so an attacker can hide them inside words.
 */
export function isInvisible(cp: number): boolean {
  return (
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2069) ||
    cp === 0xfeff ||
    cp === 0x00ad ||
    cp === 0x061c ||
    cp === 0x180e ||
    cp === 0x034f
  );
}

/** Arabic harakat, Quranic marks, superscript alef and tatweel carry no meaning for matching. */
export function isArabicMark(cp: number): boolean {
  return (cp >= 0x064b && cp <= 0x065f) || cp === 0x0670 || cp === 0x0640 || (cp >= 0x0610 && cp <= 0x061a) || (cp >= 0x06d6 && cp <= 0x06ed);
}

/** Combining marks left after NFD of Latin letters (é → e + ◌́). */
export function isCombiningMark(cp: number): boolean {
  return (cp >= 0x0300 && cp <= 0x036f) || (cp >= 0x1ab0 && cp <= 0x1aff) || (cp >= 0x20d0 && cp <= 0x20ff);
}

const SINGLE: Record<string, string> = {
  // Alef and hamza seats: users write them interchangeably.
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ٲ: 'ا',
  ٳ: 'ا',
  ؤ: 'و',
  ئ: 'ي',
  ة: 'ه',
  ۃ: 'ه',
  ۀ: 'ه',
  ە: 'ه',
  ھ: 'ه',
  ى: 'ي',
  // Persian / Urdu / Kurdish letters seen in Arabic posts.
  ک: 'ك',
  ڪ: 'ك',
  // گ is the spoken ق of Iraqi and Gulf writing (گال، گدام، الگرنة), far more than a Persian ک.
  گ: 'ق',
  ی: 'ي',
  ې: 'ي',
  ۍ: 'ي',
  ڤ: 'ف',
  پ: 'ب',
  چ: 'ج',
  ژ: 'ز',
  ٮ: 'ب',
  ڡ: 'ف',
  ٯ: 'ق',
  // Arabic punctuation to its Latin twin so that clause and sentence breaks are one set.
  '،': ',',
  '؛': ';',
  '؟': '?',
  '٪': '%',
  // Quotes and apostrophes: one double quote, one apostrophe.
  '“': '"',
  '”': '"',
  '„': '"',
  '«': '"',
  '»': '"',
  '‟': '"',
  '〝': '"',
  '〞': '"',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '‛': "'",
  '`': "'",
  '´': "'",
  ʼ: "'",
  ʻ: "'",
  ʿ: "'",
  ʾ: "'",
  '′': "'",
  // Dashes.
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '–': '-',
  '—': '-',
  '―': '-',
  '−': '-',
  // Cyrillic and Greek homoglyphs of Latin letters (lower case; upper case is lowered first).
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  һ: 'h',
  ԛ: 'q',
  ԝ: 'w',
  ɡ: 'g',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ς: 's',
  σ: 'o',
  ı: 'i',
  ɑ: 'a',
  ℓ: 'l',
};

/**
 * Greek capitals that look like a Latin capital other than the letter their lower case resembles:
 * Ηarib is Harib although η looks like n, Νawa is Nawa although ν looks like v. Read before lowering.
 */
const CAPITAL_HOMOGLYPHS: Readonly<Record<string, string>> = { Η: 'h', Ν: 'n', Μ: 'm', Ζ: 'z', Υ: 'y' };

/** The Latin letter a capital homoglyph shows, or null when lower-casing reads it right. */
export function capitalHomoglyph(ch: string): string | null {
  return CAPITAL_HOMOGLYPHS[ch] ?? null;
}

/**
 * Emoji that are letters (Sar🅰️qib, 🅐leppo): negative squared and negative circled capitals have no
 * compatibility decomposition, so NFKC keeps them; read as the letter they show. Regional indicators
 * are not among them: in pairs they are flags (🇸🇾), which must stay apart from the word beside them.
 */
const NEGATIVE_CIRCLED_A = 0x1f150;
const NEGATIVE_SQUARED_A = 0x1f170;
const LETTERS = 26;

/** Folds one already NFKC-normalized, lower-cased character; returns '' to drop it. */
export function foldChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x80) return ch;
  // One comparison for the Arabic and other letters that make up the rest of a post.
  if (cp >= NEGATIVE_CIRCLED_A) {
    for (const first of [NEGATIVE_CIRCLED_A, NEGATIVE_SQUARED_A]) if (cp >= first && cp < first + LETTERS) return String.fromCharCode(97 + cp - first);
  }
  if (isArabicMark(cp) || isCombiningMark(cp)) return '';
  if (cp >= 0x0660 && cp <= 0x0669) return String.fromCharCode(48 + cp - 0x0660);
  if (cp >= 0x06f0 && cp <= 0x06f9) return String.fromCharCode(48 + cp - 0x06f0);
  return SINGLE[ch] ?? ch;
}

/** Arabizi digits inside an Arabic-script word stand for letters (2نا = انا, 3 = ع, 7 = ح). */
export const ARABIZI_DIGIT_TO_ARABIC: Readonly<Record<string, string>> = {
  '2': 'ا',
  '3': 'ع',
  '5': 'خ',
  '6': 'ط',
  '7': 'ح',
  '8': 'غ',
  '9': 'ق',
};

/** Leetspeak digits and symbols inside Latin words (k1ll, d3ath, @ss). */
export const LEET_TO_LATIN: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
};

/** True for letters of the Arabic block after folding. */
export function isArabicLetter(cp: number): boolean {
  return (cp >= 0x0621 && cp <= 0x064a) || (cp >= 0x066e && cp <= 0x06d3) || (cp >= 0x06fa && cp <= 0x06ff);
}

/** True for letters of Latin script (ASCII and Latin-1/extended, after folding). */
export function isLatinLetter(cp: number): boolean {
  return (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0xc0 && cp <= 0x24f && cp !== 0xd7 && cp !== 0xf7);
}

/** True for ASCII digits. */
export function isDigit(cp: number): boolean {
  return cp >= 0x30 && cp <= 0x39;
}
