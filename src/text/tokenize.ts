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
  let sentence = 0;
  let clause = 0;
  let quote = -1;
  let quoteCount = 0;
  let sentenceHasTokens = false;
  const n = text.length;
  let i = 0;
  const base = (): Pick<Token, 'sentence' | 'clause' | 'quote'> => ({ sentence, clause, quote });

  while (i < n) {
    const ch = text[i]!;
    const cp = text.charCodeAt(i);
    // Links and @handles are addresses, not words: "@saraqib_news" or ".../saraqib/kill-them" name no
    // place and threaten no one.
    const atWordStart = i === 0 || !isWordCode(text.charCodeAt(i - 1));
    if (atWordStart && (ch === 'h' || ch === 'w') && URL_START.test(text.slice(i, i + 8))) {
      while (i < n && !isSpace(text.charCodeAt(i))) i++;
      continue;
    }
    if (atWordStart && ch === '@' && isHandleCode(text.charCodeAt(i + 1))) {
      i++;
      while (i < n && (isHandleCode(text.charCodeAt(i)) || (text[i] === '.' && isHandleCode(text.charCodeAt(i + 1))))) i++;
      continue;
    }
    if (ch === '#' && i + 1 < n && isWordCode(text.charCodeAt(i + 1))) {
      i = readHashtag(text, i + 1, tokens, base());
      sentenceHasTokens = true;
      continue;
    }
    if (isWordCode(cp) || ((ch === '@' || ch === '$') && isLatinLetter(text.charCodeAt(i + 1)) && i > 0 && isLatinLetter(text.charCodeAt(i - 1)))) {
      i = readWord(text, i, tokens, base());
      sentenceHasTokens = true;
      continue;
    }
    if (ch === '"') {
      if (quote >= 0) quote = -1;
      else quote = quoteCount++;
    } else if (SENTENCE_END.has(ch) && !(ch === '.' && isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1)))) {
      if (ch === '?') questions.add(sentence);
      if (sentenceHasTokens && !(ch === '?' && text[i + 1] === '?')) {
        sentence++;
        clause++;
        sentenceHasTokens = false;
      }
    } else if (CLAUSE_END.has(ch) || (ch === '-' && text[i - 1] === ' ' && text[i + 1] === ' ')) {
      clause++;
    }
    i++;
  }
  return { tokens, questionSentences: questions, sentenceCount: sentence + 1 };
}

const URL_START = /^(https?:\/\/|w{2,}\.)/; // normalization squeezes "www" to "ww"

function isSpace(cp: number): boolean {
  return cp === 0x20 || cp === 0x0a || cp === 0x09 || cp === 0x0d || cp === 0xa0;
}

/** Characters of a social-media handle: Latin letters, digits, underscore. */
function isHandleCode(cp: number): boolean {
  return (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x30 && cp <= 0x39) || cp === 0x5f;
}

function isWordCode(cp: number): boolean {
  return isLatinLetter(cp) || isArabicLetter(cp) || isDigit(cp);
}

function scriptOfCode(cp: number): TokenScript {
  if (isArabicLetter(cp)) return 'ar';
  if (isDigit(cp)) return 'num';
  return 'lat';
}

/** Reads one word (possibly with a contraction clitic) starting at `i`; returns the index after it. */
function readWord(text: string, i: number, out: Token[], at: Pick<Token, 'sentence' | 'clause' | 'quote'>): number {
  const start = i;
  let script: TokenScript = 'num';
  let word = '';
  const n = text.length;
  while (i < n) {
    const cp = text.charCodeAt(i);
    const ch = text[i]!;
    if (isDigit(cp)) {
      word += ch;
    } else if (isLatinLetter(cp) || ((ch === '@' || ch === '$') && script === 'lat')) {
      if (script === 'ar') break;
      script = 'lat';
      word += ch;
    } else if (isArabicLetter(cp)) {
      if (script === 'lat') break;
      script = 'ar';
      word += ch;
    } else if (ch === "'" && script === 'lat' && isLatinLetter(text.charCodeAt(i + 1))) {
      const clitic = cliticAt(text, i);
      if (clitic) {
        const hostEnd = clitic === "n't" ? i - 1 : i;
        const host = clitic === "n't" ? word.slice(0, -1) : word;
        if (host) push(out, start, hostEnd, host, script, at, false);
        const end = hostEnd + clitic.length;
        push(out, hostEnd, end, clitic, 'lat', at, true);
        return end;
      }
      // An apostrophe inside a name (Ma'arrat) or marking ʿayn: drop it, keep one word.
    } else break;
    i++;
  }
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

function readHashtag(text: string, i: number, out: Token[], at: Pick<Token, 'sentence' | 'clause' | 'quote'>): number {
  const n = text.length;
  let partStart = i;
  const flush = (end: number): void => {
    if (end <= partStart) return;
    const before = out.length;
    readWordsIn(text, partStart, end, out, at);
    for (let k = before; k < out.length; k++) (out[k] as Mutable<Token>).hashtag = true;
  };
  while (i < n && (isWordCode(text.charCodeAt(i)) || text[i] === '_' || text[i] === "'")) {
    if (text[i] === '_') {
      flush(i);
      partStart = i + 1;
    }
    i++;
  }
  flush(i);
  return i;
}

function readWordsIn(text: string, from: number, to: number, out: Token[], at: Pick<Token, 'sentence' | 'clause' | 'quote'>): void {
  const slice = text.slice(0, to);
  let i = from;
  while (i < to) {
    if (isWordCode(slice.charCodeAt(i))) i = readWord(slice, i, out, at);
    else i++;
  }
}

function push(
  out: Token[],
  start: number,
  end: number,
  word: string,
  script: TokenScript,
  at: Pick<Token, 'sentence' | 'clause' | 'quote'>,
  clitic: boolean,
): void {
  out.push({ start, end, text: word, script: clitic ? 'lat' : script, ...at, hashtag: false, clitic });
}

/** The script of the first letter of a word (for callers that only have the text). */
export function scriptOfWord(word: string): TokenScript {
  for (let i = 0; i < word.length; i++) {
    const s = scriptOfCode(word.charCodeAt(i));
    if (s !== 'num') return s;
  }
  return 'num';
}
