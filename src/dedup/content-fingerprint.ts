import { hash } from 'node:crypto';
import { normalizeText } from '../text/index.js';

const RETWEET_PREFIX = /^\s*(?:rt|mt)\s*@[\w.]+:?\s*/iu;
const URL = /\bhttps?:\/\/\S+|\bwww\.\S+/giu;
const MENTION = /(^|\s)@[\p{L}\p{N}_.]+/gu;
const HASHTAG = /#([\p{L}\p{N}_]+)/gu;

/**
 * A fingerprint that is equal for "the same text" posted by different accounts: after normalization,
 * with retweet prefixes, URLs, mentions, emoji and punctuation removed, hashtags sorted and
 * whitespace folded. Copy-paste campaigns share it; see the near-duplicate index for edited copies.
 */
export function contentFingerprint(text: string): string {
  // One-shot: the same digest as createHash().update().digest() without a Hash object per post.
  return hash('sha256', fingerprintBasis(text), 'hex').slice(0, 32);
}

/** The text the fingerprint hashes; exported for tests and explanations. */
export function fingerprintBasis(text: string): string {
  // Each pattern is tried only when the text holds its mark: most posts have no link, handle or hashtag.
  // A post with none of them hashes its own text (the same string the analysis normalized: see normalizeText).
  let withoutNoise = text.includes('@') ? text.replace(RETWEET_PREFIX, '') : text;
  if (withoutNoise.includes('http') || withoutNoise.includes('www.')) withoutNoise = withoutNoise.replace(URL, ' ');
  if (withoutNoise.includes('@')) withoutNoise = withoutNoise.replace(MENTION, '$1');
  const hashtags: string[] = [];
  const body = withoutNoise.includes('#')
    ? withoutNoise.replace(HASHTAG, (_m, tag: string) => {
        hashtags.push(tag);
        return ' ';
      })
    : withoutNoise;
  const tags = hashtags.map(wordsOf).filter(Boolean).sort();
  return [wordsOf(body), ...tags.map((t) => `#${t}`)].join(' ');
}

/**
 * The normalized text's letters and digits, every other character a word break, words one space
 * apart: what `.replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/gu, ' ').trim()` gives, in one pass.
 * Written unit by unit into a reused buffer and decoded once: a string per word was a tenth of the
 * bytes the analyzer allocates per post. Only whole letters and digits are copied, so the buffer
 * never holds a lone surrogate (which decoding would replace).
 */
function wordsOf(text: string): string {
  const normalized = normalizeText(text).text;
  if (scratch.length < normalized.length) scratch = new Uint16Array(normalized.length * 2);
  let n = 0;
  let gap = false; // a word break since the last word unit written
  for (let i = 0; i < normalized.length; i++) {
    if (!isWordUnit(normalized, i)) {
      gap = true;
      continue;
    }
    if (gap && n > 0) scratch[n++] = 0x20;
    gap = false;
    scratch[n++] = normalized.charCodeAt(i);
  }
  return UTF16.decode(scratch.subarray(0, n));
}

/** The basis being built (see wordsOf): grown as needed, one per process. */
let scratch = new Uint16Array(1024);
const UTF16 = new TextDecoder('utf-16le');

/** Whether the unit at i belongs to a letter or digit (a surrogate pair is judged whole, by either half). */
function isWordUnit(text: string, i: number): boolean {
  const unit = text.charCodeAt(i);
  if (unit < 0x80) return (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x30 && unit <= 0x39) || (unit >= 0x41 && unit <= 0x5a);
  if (unit >= 0xdc00 && unit <= 0xdfff && i > 0) {
    const high = text.charCodeAt(i - 1);
    if (high >= 0xd800 && high <= 0xdbff) return isWordCodePoint(text.codePointAt(i - 1)!);
  }
  if (unit >= 0xd800 && unit <= 0xdbff) return isWordCodePoint(text.codePointAt(i)!);
  let known = WORD_UNIT[unit]!;
  if (known === 0) {
    known = LETTER_OR_DIGIT.test(String.fromCharCode(unit)) ? 1 : 2;
    WORD_UNIT[unit] = known;
  }
  return known === 1;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
/** BMP units judged so far: 0 not yet, 1 letter or digit, 2 anything else. */
const WORD_UNIT = new Uint8Array(0x10000);

function isWordCodePoint(cp: number): boolean {
  return LETTER_OR_DIGIT.test(String.fromCodePoint(cp));
}
