import { foldChar, isArabicLetter, isInvisible, isLatinLetter } from './char-fold.js';

/** A normalized post text whose every UTF-16 unit knows the range of the original text it came from. */
export interface NormalizedText {
  readonly original: string;
  readonly text: string;
  /** Maps a half-open range of `text` to the half-open range of `original` it was made from. */
  toOriginal(start: number, end: number): { start: number; end: number };
}

/** Characters that may split the letters of an obfuscated word: k.i.l.l, k i l l, ق ت ل, k-i-l-l. */
const LETTER_SPLITTERS = new Set([' ', '.', '-', '_', '*', '·', '•', '+', '~', '/']);

const foldCache = new Map<number, string>();

/** NFKC, lower case, diacritics and invisible characters removed, letter forms unified. */
function foldCodePoint(cp: number, ch: string): string {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : ch;
  const cached = foldCache.get(cp);
  if (cached !== undefined) return cached;
  let out = '';
  if (!isInvisible(cp)) {
    for (const part of ch.normalize('NFKC').toLowerCase().normalize('NFD')) {
      for (const unit of foldChar(part)) out += unit;
    }
    // NFD split precomposed Arabic letters (آ → ا + madda); recompose what is left.
    out = out.normalize('NFC');
    if (out !== ch) out = [...out].map((c) => foldChar(c)).join('');
  }
  if (foldCache.size < 20_000) foldCache.set(cp, out);
  return out;
}

/**
 * Normalizes a post for matching: NFKC, invisible/bidi controls dropped, Arabic diacritics and tatweel
 * stripped, letter variants unified (أإآ→ا, ة→ه, ى→ي, ک→ك…), homoglyphs folded, lower case, runs of
 * three or more identical letters cut to two, and letters spaced out by dots/spaces/dashes re-joined.
 * Every unit of the result maps back to the original (see {@link NormalizedText.toOriginal}).
 *
 * @example normalizeText('K.I.L.L').text === 'kill'
 */
export function normalizeText(original: string): NormalizedText {
  const chars: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < original.length; ) {
    const cp = original.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const folded = foldCodePoint(cp, width === 1 ? original[i]! : original.slice(i, i + 2));
    for (let k = 0; k < folded.length; k++) {
      chars.push(folded[k]!);
      starts.push(i);
      ends.push(i + width);
    }
    i += width;
  }
  const kept = collapseRepeats(chars);
  joinSpacedLetters(chars, kept);
  return buildResult(original, chars, starts, ends, kept);
}

/** Marks all but two of every run of three or more identical letters as dropped (kiiiill → kiill). */
function collapseRepeats(chars: readonly string[]): Uint8Array {
  const kept = new Uint8Array(chars.length).fill(1);
  let run = 1;
  for (let i = 1; i < chars.length; i++) {
    const same = chars[i] === chars[i - 1] && isLetter(chars[i]!);
    run = same ? run + 1 : 1;
    if (run > 2) kept[i] = 0;
  }
  return kept;
}

/** Drops the separators of three or more single letters in a row (k i l l, ق ت ل, d-e-a-d). */
function joinSpacedLetters(chars: readonly string[], kept: Uint8Array): void {
  const n = chars.length;
  const single = (k: number): boolean =>
    k >= 0 && k < n && isLetter(chars[k]!) && !isWordChar(chars[k - 1]) && !isWordChar(chars[k + 1]);
  for (let i = 0; i < n; i++) {
    if (!single(i)) continue;
    const script = scriptOf(chars[i]!);
    let j = i;
    let count = 1;
    while (LETTER_SPLITTERS.has(chars[j + 1] ?? '') && single(j + 2) && scriptOf(chars[j + 2]!) === script) {
      j += 2;
      count++;
    }
    if (count >= 3) for (let k = i + 1; k < j; k += 2) kept[k] = 0;
    i = j;
  }
}

function buildResult(
  original: string,
  chars: readonly string[],
  starts: readonly number[],
  ends: readonly number[],
  kept: Uint8Array,
): NormalizedText {
  let text = '';
  const keptStarts: number[] = [];
  const keptEnds: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (!kept[i]) continue;
    text += chars[i];
    keptStarts.push(starts[i]!);
    keptEnds.push(ends[i]!);
  }
  const s = Int32Array.from(keptStarts);
  const e = Int32Array.from(keptEnds);
  const n = text.length;
  return {
    original,
    text,
    toOriginal(start: number, end: number) {
      if (n === 0) return { start: 0, end: 0 };
      const a = Math.max(0, Math.min(start, n));
      const b = Math.max(a, Math.min(end, n));
      if (a === b) {
        const at = a < n ? s[a]! : e[n - 1]!;
        return { start: at, end: at };
      }
      return { start: s[a]!, end: Math.max(s[a]!, e[b - 1]!) };
    },
  };
}

function isLetter(ch: string): boolean {
  const cp = ch.charCodeAt(0);
  return isLatinLetter(cp) || isArabicLetter(cp);
}

function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const cp = ch.charCodeAt(0);
  return isLatinLetter(cp) || isArabicLetter(cp) || (cp >= 0x30 && cp <= 0x39);
}

function scriptOf(ch: string): 'ar' | 'lat' {
  return isArabicLetter(ch.charCodeAt(0)) ? 'ar' : 'lat';
}
