import { isArabicLetter, isDigit, isLatinLetter } from './char-fold.js';

/** Script of a token: Arabic letters, Latin letters (digits allowed inside), or a bare number. */
export type TokenScript = 'ar' | 'lat' | 'num';

/** A word of the normalized text, with where it sits in sentences, clauses and quotes. */
export interface Token {
  /** Half-open range in the NORMALIZED text. */
  readonly start: number;
  readonly end: number;
  /** The word as matched: normalized, apostrophes inside names removed ("ma'arrat" → "maarrat"). */
  readonly text: string;
  readonly script: TokenScript;
  readonly sentence: number;
  readonly clause: number;
  /** Index of the quotation the token is in, or -1. */
  readonly quote: number;
  readonly hashtag: boolean;
  /** An English contraction clitic split off its host: 'll, n't, 're, 've, 'm, 'd, 's. */
  readonly clitic: boolean;
}

/** Tokens plus what the punctuation told: which sentences are questions, which quotes exist. */
export interface TokenizedText {
  readonly tokens: readonly Token[];
  readonly questionSentences: ReadonlySet<number>;
  readonly sentenceCount: number;
}

const SENTENCE_END = new Set(['.', '!', '?', '\n', '…', '。']);
const CLAUSE_END = new Set([',', ';', ':', '(', ')', '[', ']', '{', '}', '|']);
const CLITICS = ['ll', 're', 've', 'm', 'd', 's', 't'];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Splits normalized text into words with offsets. Arabic and Latin runs are split apart, digits stay
 * with the word they touch (k1ll, 3izza, 2نا), hashtags split on underscores, English contractions split
 * into host + clitic (I'll → i + 'll, won't → wo + n't), and '.', '!', '?' and newlines end sentences.
 *
 * @example tokenize('I\'ll kill them.').tokens.map((t) => t.text) // ['i', "'ll", 'kill', 'them']
 */
export function tokenize(text: string): TokenizedText {
  const tokens: Token[] = [];
  const questions = new Set<number>();
  // Where the next token sits; read by readWord and readHashtag (no object per word: this runs on every word of every post).
  const at: Position = { sentence: 0, clause: 0, quote: -1 };
  let quoteCount = 0;
  // Whether the open quotation was opened by a single quote (it then closes at the next one).
  let singleQuoted = false;
  const closers: CloserScan = { from: -1, at: -2, found: false };
  let sentenceHasTokens = false;
  const n = text.length;
  let i = 0;

  while (i < n) {
    const cp = text.charCodeAt(i);
    // A space ends nothing and starts nothing: most characters between words are one.
    if (cp === CH_SPACE) {
      i++;
      continue;
    }
    // Links and @handles are addresses, not words: "@saraqib_news" or ".../saraqib/kill-them" name no
    // place and threaten no one.
    const atWordStart = (cp === CH_H || cp === CH_W || cp === CH_AT) && (i === 0 || !isWordCode(text.charCodeAt(i - 1)));
    if (atWordStart && (cp === CH_H || cp === CH_W) && isUrlStart(text, i)) {
      while (i < n && !isSpace(text.charCodeAt(i))) i++;
      continue;
    }
    if (atWordStart && cp === CH_AT && isHandleCode(text.charCodeAt(i + 1))) {
      i++;
      while (i < n && (isHandleCode(text.charCodeAt(i)) || (text.charCodeAt(i) === CH_DOT && isHandleCode(text.charCodeAt(i + 1))))) i++;
      continue;
    }
    if (cp === CH_HASH && i + 1 < n && isWordCode(text.charCodeAt(i + 1))) {
      i = readHashtag(text, i + 1, tokens, at);
      sentenceHasTokens = true;
      continue;
    }
    if (isWordCode(cp) || ((cp === CH_AT || cp === CH_DOLLAR) && (classAt(text, i + 1) & LATIN) !== 0 && i > 0 && (classAt(text, i - 1) & LATIN) !== 0)) {
      i = readWord(text, i, n, tokens, at);
      sentenceHasTokens = true;
      continue;
    }
    const ch = text[i]!;
    if (ch === '"') {
      if (at.quote >= 0) at.quote = -1;
      else at.quote = quoteCount++;
      singleQuoted = false;
    } else if (ch === "'" && singleQuoted) {
      at.quote = -1;
      singleQuoted = false;
    } else if (ch === "'" && at.quote < 0 && opensSingleQuote(text, i, closers)) {
      at.quote = quoteCount++;
      singleQuoted = true;
    } else if (SENTENCE_END.has(ch) && !(ch === '.' && isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1)))) {
      if (ch === '?') questions.add(at.sentence);
      if (sentenceHasTokens && !(ch === '?' && text[i + 1] === '?')) {
        at.sentence++;
        at.clause++;
        sentenceHasTokens = false;
      }
    } else if (CLAUSE_END.has(ch) || (ch === '-' && text[i - 1] === ' ' && text[i + 1] === ' ')) {
      at.clause++;
    }
    i++;
  }
  return { tokens, questionSentences: questions, sentenceCount: at.sentence + 1 };
}

/** Sentence, clause and quotation of the tokens being read. */
interface Position {
  sentence: number;
  clause: number;
  quote: number;
}

const CH_SPACE = 0x20;
const CH_H = 0x68;
const CH_W = 0x77;
const CH_AT = 0x40;
const CH_HASH = 0x23;
const CH_DOLLAR = 0x24;
const CH_DOT = 0x2e;
const CH_APOSTROPHE = 0x27;
const CH_UNDERSCORE = 0x5f;

/** Elisions that begin with an apostrophe in English ('em, 'cause): never the start of a quotation. */
const ELISIONS = /^'(?:em|cause|cos|til|bout|round|n|s)\b/;

/**
 * A single quote at `i` opens a quotation ("wrote 'kafr takharim lazem tendab7'") when it starts a
 * word after a space, colon or bracket, is no elision, and a closing one (after a word, before a
 * space, punctuation or the end) follows on the same line. An apostrophe inside a word (Ma'arrat,
 * I'll) never reaches here: the word reader takes it.
 */
function opensSingleQuote(text: string, i: number, closers: CloserScan): boolean {
  const before = i === 0 ? ' ' : text[i - 1]!;
  if (!(before === ' ' || before === ':' || before === '(' || before === '[' || before === '\n')) return false;
  if (!isWordCode(text.charCodeAt(i + 1)) || ELISIONS.test(text.slice(i, i + 7))) return false;
  return nextCloser(text, i + 2, closers) >= 0;
}

/**
 * The last scan for a closing single quote: from `from`, it ended at `at` (a closer when `found`, else
 * the line's end). Openers come in order, so a later one on the same stretch reuses it: a line of a
 * thousand unclosed quotes is scanned once, not a thousand times.
 */
interface CloserScan {
  from: number;
  at: number;
  found: boolean;
}

/** Index of the first closing single quote at or after `from` on its line (after a word or its full stop, before no word), or -1. */
function nextCloser(text: string, from: number, scan: CloserScan): number {
  if (from >= scan.from && from <= scan.at) return scan.found ? scan.at : -1;
  let j = from;
  let found = false;
  for (; j < text.length && text[j] !== '\n'; j++) {
    if (text[j] !== "'" || !endsQuotedWords(text, j)) continue;
    if (j + 1 >= text.length || !isWordCode(text.charCodeAt(j + 1))) {
      found = true;
      break;
    }
  }
  scan.from = from;
  scan.at = j;
  scan.found = found;
  return found ? j : -1;
}

/** Whether the quote at `j` follows a word, or a word and its sentence's last mark: 'hand them over.' */
function endsQuotedWords(text: string, j: number): boolean {
  if (isWordCode(text.charCodeAt(j - 1))) return true;
  return QUOTED_SENTENCE_END.has(text[j - 1]!) && isWordCode(text.charCodeAt(j - 2));
}

const QUOTED_SENTENCE_END = new Set(['.', '!', '?', ',', '…']);

/** "http://", "https://" or "ww." (normalization squeezes "www" to "ww") starts at `i`. */
function isUrlStart(text: string, i: number): boolean {
  if (text.startsWith('http', i)) {
    const from = text.charCodeAt(i + 4) === 0x73 ? i + 5 : i + 4; // optional "s"
    return text.startsWith('://', from);
  }
  return text.startsWith('ww', i) && (text.charCodeAt(i + 2) === CH_DOT || (text.charCodeAt(i + 2) === CH_W && text.charCodeAt(i + 3) === CH_DOT));
}

function isSpace(cp: number): boolean {
  return cp === 0x20 || cp === 0x0a || cp === 0x09 || cp === 0x0d || cp === 0xa0;
}

/** Characters of a social-media handle: Latin letters, digits, underscore. */
function isHandleCode(cp: number): boolean {
  return (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x30 && cp <= 0x39) || cp === CH_UNDERSCORE;
}

/** Classes of a UTF-16 unit, one table lookup instead of range tests on every character of every post. */
const LATIN = 1;
const ARABIC = 2;
const DIGIT = 4;
const WORD = LATIN | ARABIC | DIGIT;
const CODE_CLASS = buildCodeClasses();

function buildCodeClasses(): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (let cp = 0; cp < 0x10000; cp++) table[cp] = (isLatinLetter(cp) ? LATIN : 0) | (isArabicLetter(cp) ? ARABIC : 0) | (isDigit(cp) ? DIGIT : 0);
  return table;
}

/** Class of the unit at `i`; 0 past either end (charCodeAt gives NaN there). */
function classAt(text: string, i: number): number {
  return CODE_CLASS[text.charCodeAt(i)] ?? 0;
}

function isWordCode(cp: number): boolean {
  return (CODE_CLASS[cp]! & WORD) !== 0;
}

function scriptOfCode(cp: number): TokenScript {
  if (isArabicLetter(cp)) return 'ar';
  if (isDigit(cp)) return 'num';
  return 'lat';
}

/**
 * Reads one word (possibly with a contraction clitic) from `i` up to `n`; returns the index after it.
 * The word is a slice of the text, with any apostrophe inside a name cut out.
 */
function readWord(text: string, i: number, n: number, out: Token[], at: Position): number {
  const start = i;
  // A word that starts at an @ or $ (the caller saw Latin letters either side: #kill$hit) is Latin.
  let script: TokenScript = isWordCode(text.charCodeAt(i)) ? 'num' : 'lat';
  // Start of the part not yet added to `word`: apostrophes are dropped by adding the parts around them.
  let partStart = i;
  let word = '';
  while (i < n) {
    const cp = text.charCodeAt(i);
    const cls = CODE_CLASS[cp]!;
    if (cls & DIGIT) {
      // a digit joins any word
    } else if (cls & LATIN || ((cp === CH_AT || cp === CH_DOLLAR) && script === 'lat')) {
      if (script === 'ar') break;
      script = 'lat';
    } else if (cls & ARABIC) {
      if (script === 'lat') break;
      script = 'ar';
    } else if (cp === CH_APOSTROPHE && script === 'lat' && (classAt(text, i + 1) & LATIN) !== 0) {
      const clitic = cliticAt(text, i);
      if (clitic) {
        const soFar = word + text.slice(partStart, i);
        const hostEnd = clitic === "n't" ? i - 1 : i;
        const host = clitic === "n't" ? soFar.slice(0, -1) : soFar;
        if (host) push(out, start, hostEnd, host, script, at, false);
        const end = hostEnd + clitic.length;
        push(out, hostEnd, end, clitic, 'lat', at, true);
        return end;
      }
      // An apostrophe inside a name (Ma'arrat) or marking ʿayn: drop it, keep one word.
      word += text.slice(partStart, i);
      partStart = i + 1;
    } else break;
    i++;
  }
  word = partStart === start ? text.slice(start, i) : word + text.slice(partStart, i);
  if (word) push(out, start, i, word, script, at, false);
  return i;
}

/** Returns the contraction clitic that starts at the apostrophe at `i`, if any ("'ll", "n't"). */
function cliticAt(text: string, i: number): string | null {
  for (const c of CLITICS) {
    const after = text.charCodeAt(i + 1 + c.length);
    if (text.startsWith(c, i + 1) && !isLatinLetter(after) && !isDigit(after)) {
      if (c === 't') return text[i - 1] === 'n' && i >= 2 && isLatinLetter(text.charCodeAt(i - 2)) ? "n't" : null;
      return `'${c}`;
    }
  }
  return null;
}

function readHashtag(text: string, i: number, out: Token[], at: Position): number {
  const n = text.length;
  let partStart = i;
  const flush = (end: number): void => {
    if (end <= partStart) return;
    const before = out.length;
    readWordsIn(text, partStart, end, out, at);
    for (let k = before; k < out.length; k++) (out[k] as Mutable<Token>).hashtag = true;
  };
  while (i < n && (isWordCode(text.charCodeAt(i)) || text.charCodeAt(i) === CH_UNDERSCORE || text.charCodeAt(i) === CH_APOSTROPHE)) {
    if (text.charCodeAt(i) === CH_UNDERSCORE) {
      flush(i);
      partStart = i + 1;
    }
    i++;
  }
  flush(i);
  return i;
}

/** Reads the words of text[from, to): a word never runs past `to` (a hashtag's part ends at its underscore). */
function readWordsIn(text: string, from: number, to: number, out: Token[], at: Position): void {
  let i = from;
  while (i < to) {
    if (isWordCode(text.charCodeAt(i))) i = readWord(text, i, to, out, at);
    else i++;
  }
}

function push(out: Token[], start: number, end: number, word: string, script: TokenScript, at: Position, clitic: boolean): void {
  out.push({
    start,
    end,
    text: word,
    script: clitic ? 'lat' : script,
    sentence: at.sentence,
    clause: at.clause,
    quote: at.quote,
    hashtag: false,
    clitic,
  });
}

/** The script of the first letter of a word (for callers that only have the text). */
export function scriptOfWord(word: string): TokenScript {
  for (let i = 0; i < word.length; i++) {
    const s = scriptOfCode(word.charCodeAt(i));
    if (s !== 'num') return s;
  }
  return 'num';
}
