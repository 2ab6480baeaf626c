import { capitalHomoglyph, foldChar, isArabicLetter, isInvisible, isLatinLetter } from './char-fold.js';

/** A normalized post text whose every UTF-16 unit knows the range of the original text it came from. */
export interface NormalizedText {
  readonly original: string;
  readonly text: string;
  /** Maps a half-open range of `text` to the half-open range of `original` it was made from. */
  toOriginal(start: number, end: number): { start: number; end: number };
}

/** BMP fold table, filled lazily: one code unit (≥0), or one of the negative marks below. */
const UNKNOWN = -2;
const DROPPED = -1;
/** Folds to several units: see MULTI_FOLD. */
const MULTI = -3;
const SINGLE_FOLD = new Int32Array(0x10000).fill(UNKNOWN);
const MULTI_FOLD = new Map<number, string>();

function foldOf(cp: number, ch: string): string {
  let out = '';
  const capital = capitalHomoglyph(ch);
  if (capital) return capital;
  if (!isInvisible(cp)) {
    for (const part of ch.normalize('NFKC').toLowerCase().normalize('NFD')) out += foldChar(part);
    // NFD split precomposed Arabic letters (آ → ا + madda); recompose and fold what is left.
    out = out.normalize('NFC');
    if (out !== ch) out = [...out].map((c) => foldChar(c)).join('');
  }
  return out;
}

/** ASCII folds to itself, upper case lowered. */
const ASCII_FOLD = Uint16Array.from({ length: 0x80 }, (_, c) => (c >= 0x41 && c <= 0x5a ? c + 32 : c));

const UTF16 = new TextDecoder('utf-16le');

/** Growable parallel arrays of output code units and their original ranges. */
class Builder {
  codes: Uint16Array;
  starts: Int32Array;
  ends: Int32Array;
  n = 0;
  /**
   * True while every unit so far came from the original unit at the same index alone: their ranges
   * are implied and not written (most posts stay so to the end; see writeIdentityRanges).
   */
  identity = true;
  constructor(size: number) {
    this.codes = new Uint16Array(size);
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
  }
  /** Starts a new text. */
  reset(): void {
    this.n = 0;
    this.identity = true;
  }
  push(code: number, start: number, end: number): void {
    if (this.n === this.codes.length) this.grow();
    if (this.identity) {
      if (start === this.n && end === start + 1) {
        this.codes[this.n++] = code;
        return;
      }
      this.writeIdentityRanges();
    }
    this.codes[this.n] = code;
    this.starts[this.n] = start;
    this.ends[this.n] = end;
    this.n++;
  }
  /** Writes the ranges the identity stretch left implied (unit k from unit k) and ends it. */
  writeIdentityRanges(): void {
    for (let k = 0; k < this.n; k++) {
      this.starts[k] = k;
      this.ends[k] = k + 1;
    }
    this.identity = false;
  }
  private grow(): void {
    const size = this.codes.length * 2;
    const codes = new Uint16Array(size);
    codes.set(this.codes);
    const starts = new Int32Array(size);
    starts.set(this.starts);
    const ends = new Int32Array(size);
    ends.set(this.ends);
    this.codes = codes;
    this.starts = starts;
    this.ends = ends;
  }
}

/** Analysis runs on one thread: one builder serves every post (the result keeps copies of what it needs). */
let scratch = new Builder(1024);
/** Units the passes drop (1), all 0 between posts: most posts drop none, and then nothing is cleared. */
let dropped = new Uint8Array(1024);

/**
 * Normalizes a post for matching: NFKC, invisible/bidi controls dropped, Arabic diacritics and tatweel
 * stripped, letter variants unified (أإآ→ا, ة→ه, ى→ي, ک→ك…), homoglyphs folded, lower case, runs of
 * three or more identical letters cut to two, and letters spaced out by dots/spaces/dashes re-joined.
 * Every unit of the result maps back to the original (see {@link NormalizedText.toOriginal}).
 *
 * @example normalizeText('K.I.L.L').text === 'kill'
 */
export function normalizeText(original: string): NormalizedText {
  // The pipeline normalizes each post twice in a row, the same string both times: for its analysis,
  // then for its content fingerprint. The result is immutable, so the second call is served as is.
  if (original === lastOriginal && lastResult !== undefined) return lastResult;
  lastResult = normalizeAnew(original);
  lastOriginal = original;
  return lastResult;
}

/** The last text normalized and its result (see normalizeText). */
let lastOriginal: string | undefined;
let lastResult: NormalizedText | undefined;

function normalizeAnew(original: string): NormalizedText {
  // Folds may lengthen the text; the builder grows as needed.
  if (scratch.codes.length < original.length + 8) scratch = new Builder(original.length * 2 + 8);
  const b = scratch;
  b.reset();
  foldInPlace(original, b);
  const len = original.length;
  for (let i = b.n; i < len;) {
    const unit = original.charCodeAt(i);
    if (unit < 0x80) {
      b.push(unit >= 0x41 && unit <= 0x5a ? unit + 32 : unit, i, i + 1);
      i++;
      continue;
    }
    const cp = original.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (width === 1) {
      const f = singleFold(cp);
      if (f >= 0) b.push(f, i, i + 1);
      else if (f === MULTI) {
        const s = MULTI_FOLD.get(cp)!;
        for (let k = 0; k < s.length; k++) b.push(s.charCodeAt(k), i, i + 1);
      }
    } else {
      const s = foldOf(cp, original.slice(i, i + 2));
      for (let k = 0; k < s.length; k++) b.push(s.charCodeAt(k), i, i + 2);
    }
    i += width;
  }
  unmaskBangs(b.codes, b.n);
  if (dropped.length < b.n) dropped = new Uint8Array(b.codes.length);
  // Every pass that may drop runs (no short circuit): each marks its own drops.
  const drops = possibleDrops(b.codes, b.n);
  let anyDropped = false;
  if (drops & REPEATS) anyDropped = collapseRepeats(b.codes, b.n, dropped);
  if (drops & SPACED) anyDropped = joinSpacedLetters(b.codes, b.n, dropped) || anyDropped;
  if (drops & DOTTED) anyDropped = joinDottedPieces(b.codes, b.n, dropped) || anyDropped;
  // One native scan: only a post with a kashida can hold a word split at one.
  if (original.includes('\u0640')) anyDropped = joinKashidaSplits(original, b, dropped) || anyDropped;
  return buildResult(original, b, anyDropped);
}

const BANG = 0x21;
const LOWER_I = 0x69;
const isLowerLatin = (c: number): boolean => c >= 0x61 && c <= 0x7a;

/**
 * An exclamation mark between two Latin letters stands for an i (k!ll, sl!t, the traitors' "k!lled"):
 * no sentence ends inside a word. Same length, so offsets stay as they are.
 */
function unmaskBangs(codes: Uint16Array, n: number): void {
  for (let i = 1; i < n - 1; i++) if (codes[i] === BANG && isLowerLatin(codes[i - 1]!) && isLowerLatin(codes[i + 1]!)) codes[i] = LOWER_I;
}

/** Fold of a BMP unit from SINGLE_FOLD, computed on first sight: ≥0 one code unit, DROPPED or MULTI. */
function singleFold(cp: number): number {
  let f = SINGLE_FOLD[cp]!;
  if (f === UNKNOWN) {
    const folded = foldOf(cp, String.fromCharCode(cp));
    f = folded.length === 0 ? DROPPED : folded.length === 1 ? folded.charCodeAt(0) : MULTI;
    if (f === MULTI) MULTI_FOLD.set(cp, folded);
    SINGLE_FOLD[cp] = f;
  }
  return f;
}

/**
 * Folds the leading units of `original` that each fold to one unit, writing unit i of the result at
 * index i (no ranges to note), and stops before the first other; most posts are such units throughout.
 * Surrogates stop it: the general loop reads pairs, and decoding turns a lone one into U+FFFD.
 */
function foldInPlace(original: string, b: Builder): void {
  const codes = b.codes;
  const len = original.length;
  let i = 0;
  for (; i < len; i++) {
    const unit = original.charCodeAt(i);
    const f = unit < 0x80 ? ASCII_FOLD[unit]! : unit >= 0xd800 && unit <= 0xdfff ? DROPPED : singleFold(unit);
    if (f < 0) break;
    codes[i] = f;
  }
  b.n = i;
}

/** Marks all but two of every run of three or more identical letters as dropped (kiiiill → kiill); true if any. */
function collapseRepeats(codes: Uint16Array, n: number, dropped: Uint8Array): boolean {
  let any = false;
  let run = 1;
  for (let i = 1; i < n; i++) {
    const same = codes[i] === codes[i - 1] && (CLASS[codes[i]!]! & LETTER) !== 0;
    run = same ? run + 1 : 1;
    if (run > 2) {
      dropped[i] = 1;
      any = true;
    }
  }
  return any;
}

/** Character classes of the folded text, one table lookup instead of range tests on every unit. */
const LETTER = 1;
const ARABIC = 2;
const DIGIT = 4;
const WORD = 8;
/** May split spaced letters (k i l l, k.i.l.l). */
const SPLITTER = 16;
/** May split a word into letter pieces without spaces (سنذ.ب.ح). */
const INNER_SPLITTER = 32;
/** A unit of a Latin word split into pieces: a Latin letter, or a digit Arabizi writes for a letter (s.r.a.2.e.b). */
const LATIN_PIECE = 64;
/** Digits Arabizi writes for Arabic letters (2 ء, 3 ع, 5 خ, 6 ط, 7 ح, 8 غ, 9 ق). */
const ARABIZI_DIGITS = '2356789';

const CLASS = buildClassTable();

function buildClassTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    if (isArabicLetter(c)) table[c] = LETTER | ARABIC | WORD;
    else if (isLatinLetter(c)) table[c] = LETTER | WORD | LATIN_PIECE;
    else if (c >= 0x30 && c <= 0x39) table[c] = DIGIT | WORD;
  }
  for (const ch of ARABIZI_DIGITS) table[ch.charCodeAt(0)]! |= LATIN_PIECE;
  for (const ch of [' ', '.', '-', '_', '*', '·', '•', '+', '~', '/']) table[ch.charCodeAt(0)]! |= SPLITTER;
  for (const ch of ['.', '-', '_', '*', '·', '•', '+', '~']) table[ch.charCodeAt(0)]! |= INNER_SPLITTER;
  return table;
}

/** The class bit a unit must carry to continue a split word that began with a letter of this script. */
function pieceMask(arabic: number): number {
  return arabic ? ARABIC : LATIN_PIECE;
}

/** A single unit at `k` carrying `mask` (a letter, or an Arabizi digit in a Latin word) with no word character either side. */
function isSingleUnit(codes: Uint16Array, n: number, k: number, mask: number): boolean {
  return k < n && (CLASS[codes[k]!]! & mask) !== 0 && (k === 0 || (CLASS[codes[k - 1]!]! & WORD) === 0) && (k + 1 >= n || (CLASS[codes[k + 1]!]! & WORD) === 0);
}

/**
 * Flags of possibleDrops: the text may hold a run of three identical letters (kiiill), spaced letters
 * (k i l l), or a word in dotted pieces (k.i.ll).
 */
const REPEATS = 1;
const SPACED = 2;
const DOTTED = 4;

/**
 * Which of the passes may drop anything, in one scan: runs need three identical units, spaced letters
 * two separators between single letters, dotted pieces two inner separators between letters. Most
 * posts have none of these, and their passes are skipped.
 */
function possibleDrops(codes: Uint16Array, n: number): number {
  let repeats = 0;
  let spacedPairs = 0;
  let innerMarks = 0;
  for (let k = 1; k < n; k++) {
    const code = codes[k]!;
    if (code === codes[k - 1] && k >= 2 && code === codes[k - 2]) repeats = REPEATS;
    const c = CLASS[code]!;
    if ((c & SPLITTER) === 0 || k + 1 === n) continue;
    if ((CLASS[codes[k - 1]!]! & SPLITTER) === 0 && isSingleUnit(codes, n, k - 1, LETTER)) {
      const end = separatorRunEnd(codes, n, k);
      if (end > 0 && isSingleUnit(codes, n, end, LETTER)) spacedPairs++;
    }
    // Between letters, or (a dot) between the letters and Arabizi digits of a Latin word (t7.r.9).
    const inner = code === CH_DOT ? LETTER | LATIN_PIECE : LETTER;
    if (c & INNER_SPLITTER && CLASS[codes[k - 1]!]! & inner && CLASS[codes[k + 1]!]! & inner) innerMarks++;
  }
  return repeats | (spacedPairs >= 2 ? SPACED : 0) | (innerMarks >= 2 ? DOTTED : 0);
}

/**
 * The most separator units between two spaced letters: a mark with a space either side (ن . ذ . ب,
 * k - i - l - l) or the spaces a stripped kashida leaves (ن ـ ذ ـ ب), not a sentence's worth of them.
 */
const MAX_SEPARATOR_RUN = 3;

/** The index after a run of one to MAX_SEPARATOR_RUN separator units starting at `k`, or -1. */
function separatorRunEnd(codes: Uint16Array, n: number, k: number): number {
  let end = k;
  while (end < n && end - k < MAX_SEPARATOR_RUN && (CLASS[codes[end]!]! & SPLITTER) !== 0) end++;
  return end > k && end < n && (CLASS[codes[end]!]! & SPLITTER) === 0 ? end : -1;
}

/** Drops the separators of three or more single letters in a row (k i l l, ق ت ل, d-e-a-d, ن . ذ . ب); true if any. */
function joinSpacedLetters(codes: Uint16Array, n: number, dropped: Uint8Array): boolean {
  let any = false;
  let i = 0;
  while (i < n) {
    if ((CLASS[codes[i]!]! & WORD) === 0) {
      i++;
      continue;
    }
    // A run of word characters starts at i; only a one-unit run (a letter, an Arabizi digit) can start a spaced word.
    if (!isSingleUnit(codes, n, i, LETTER | LATIN_PIECE)) {
      while (i < n && (CLASS[codes[i]!]! & WORD) !== 0) i++;
      continue;
    }
    const arabic = CLASS[codes[i]!]! & ARABIC;
    const mask = pieceMask(arabic);
    let j = i;
    let letters = CLASS[codes[i]!]! & LETTER ? 1 : 0;
    // An Arabizi digit carries a Latin run on (s r a 2 e b) but does not count towards its three letters.
    for (;;) {
      const end = separatorRunEnd(codes, n, j + 1);
      if (end < 0 || !isSingleUnit(codes, n, end, mask)) break;
      j = end;
      if (CLASS[codes[j]!]! & LETTER) letters++;
    }
    if (letters >= 3) {
      // Every unit between the first and last letter that is no letter is a separator.
      for (let k = i + 1; k < j; k++) if ((CLASS[codes[k]!]! & WORD) === 0) dropped[k] = 1;
      any = true;
    }
    i = j + 1;
  }
  return any;
}

/**
 * Drops the space after a kashida that ends a piece of two or more Arabic letters when an Arabic letter
 * follows, and a dot or dash between two kashidas: writers split a word there to slip past filters or
 * to set off a loanword (لنـ ذبح → لنذبح, الـ فيسبوك → الفيسبوك, الـدجـ.ـيـل → الدجيل). Read apart, لنـ
 * would be لن, "will not". The kashida itself is folded away already, so it is found in the original through the units' ranges (never implied here: dropping it
 * ended the identity stretch). True if it dropped any.
 */
function joinKashidaSplits(original: string, b: Builder, dropped: Uint8Array): boolean {
  if (b.identity) return false;
  const { codes, starts, ends, n } = b;
  let any = false;
  for (let k = 1; k + 1 < n; k++) {
    if (original.charCodeAt(starts[k]! - 1) !== KASHIDA || !(CLASS[codes[k - 1]!]! & ARABIC) || !(CLASS[codes[k + 1]!]! & ARABIC)) continue;
    // A space after a kashida that ends a piece of two or more letters; a dot or dash with a kashida
    // on both sides (الـدجـ.ـيـل), which no ordinary text writes.
    const split =
      codes[k] === 0x20
        ? k >= 2 && (CLASS[codes[k - 2]!]! & ARABIC) !== 0
        : (CLASS[codes[k]!]! & INNER_SPLITTER) !== 0 && original.charCodeAt(ends[k]!) === KASHIDA;
    if (split) {
      dropped[k] = 1;
      any = true;
    }
  }
  return any;
}

const KASHIDA = 0x0640;
const CH_DOT = 0x2e;

/** Where joinDottedPieces notes a word's marks: reused, since most posts have none. */
let markScratch = new Int32Array(256);

/**
 * Drops the marks of a word split into letter pieces without spaces when at least two pieces are
 * single letters (سنذ.ب.ح → سنذبح, k-i-ll → kill); pieces of one script only. Domain names and
 * hyphenated words (al-Numan, news.example.org) have no single-letter pieces and stay as they are.
 * An Arabizi word cut by dots alone needs one single letter and a piece of letters (t7.r.9 → t7r9,
 * nd.b.7ohom → ndb7ohom): its digits mark it as no domain, its letters as no version number (v.2.5),
 * and hyphens are left alone (3a-l-balad is three words).
 * True if it dropped any.
 */
function joinDottedPieces(codes: Uint16Array, n: number, dropped: Uint8Array): boolean {
  let any = false;
  if (markScratch.length < n) markScratch = new Int32Array(n);
  const marks = markScratch;
  let i = 0;
  while (i < n) {
    const c = CLASS[codes[i]!]!;
    if ((c & (LETTER | LATIN_PIECE)) === 0 || (i > 0 && (CLASS[codes[i - 1]!]! & WORD) !== 0)) {
      i++;
      continue;
    }
    const mask = pieceMask(c & ARABIC);
    let markCount = 0;
    let singles = 0;
    let arabiziDigits = false;
    let letterPiece = false;
    let dotsOnly = true;
    let j = i;
    for (;;) {
      const pieceStart = j;
      while (j < n && (CLASS[codes[j]!]! & mask) !== 0) {
        if ((CLASS[codes[j]!]! & LETTER) === 0) arabiziDigits = true;
        j++;
      }
      // Single-letter pieces count; a lone Arabizi digit (s.r.a.2.e.b) carries the word on but does not.
      if (j - pieceStart === 1 && CLASS[codes[pieceStart]!]! & LETTER) singles++;
      else if (j - pieceStart > 1 && CLASS[codes[pieceStart]!]! & LETTER) letterPiece = true;
      const next = j + 1;
      if (j < n && (CLASS[codes[j]!]! & INNER_SPLITTER) !== 0 && next < n && (CLASS[codes[next]!]! & mask) !== 0) {
        marks[markCount++] = j;
        if (codes[j] !== CH_DOT) dotsOnly = false;
        j = next;
        continue;
      }
      break;
    }
    const pieces = singles >= 2 || (singles >= 1 && letterPiece && arabiziDigits && dotsOnly);
    if (pieces && markCount >= 2 && !(j < n && (CLASS[codes[j]!]! & WORD) !== 0)) {
      for (let k = 0; k < markCount; k++) dropped[marks[k]!] = 1;
      any = true;
    }
    i = Math.max(j, i + 1);
  }
  return any;
}

function buildResult(original: string, b: Builder, anyDropped: boolean): NormalizedText {
  let m = 0;
  if (b.identity && b.n === original.length && !anyDropped) {
    m = b.n; // nothing dropped and every unit in place: nothing to compact
  } else {
    if (b.identity) b.writeIdentityRanges();
    for (let i = 0; i < b.n; i++) {
      if (dropped[i]) continue;
      b.codes[m] = b.codes[i]!;
      b.starts[m] = b.starts[i]!;
      b.ends[m] = b.ends[i]!;
      m++;
    }
    if (anyDropped) dropped.fill(0, 0, b.n);
  }
  // A fresh flat string even when nothing changed: the original may be a slice of a larger string
  // (a line of a file, a bench post), which every later step reads more slowly.
  const text = UTF16.decode(b.codes.subarray(0, m));
  if (m === original.length && (b.identity || isIdentityMap(b, m))) {
    // Most posts only change letters in place (case, ة→ه): unit i came from unit i, nothing to store.
    return {
      original,
      text,
      toOriginal(start: number, end: number) {
        const a = Math.max(0, Math.min(start, m));
        return { start: a, end: Math.max(a, Math.min(end, m)) };
      },
    };
  }
  // Plain arrays, not typed-array slices: a typed array this size gets an off-heap buffer per post,
  // which costs more to allocate and collect than the whole copy.
  const s = new Array<number>(m);
  const e = new Array<number>(m);
  for (let i = 0; i < m; i++) {
    s[i] = b.starts[i]!;
    e[i] = b.ends[i]!;
  }
  return {
    original,
    text,
    toOriginal(start: number, end: number) {
      if (m === 0) return { start: 0, end: 0 };
      const a = Math.max(0, Math.min(start, m));
      const z = Math.max(a, Math.min(end, m));
      if (a === z) {
        const at = a < m ? s[a]! : e[m - 1]!;
        return { start: at, end: at };
      }
      return { start: s[a]!, end: Math.max(s[a]!, e[z - 1]!) };
    },
  };
}

/** Whether every kept unit i came from original unit i alone. */
function isIdentityMap(b: Builder, m: number): boolean {
  for (let i = 0; i < m; i++) if (b.starts[i] !== i || b.ends[i] !== i + 1) return false;
  return true;
}
