import { createHash } from 'node:crypto';
import { normalizeText } from '../text/index.js';

const RETWEET_PREFIX = /^\s*(?:rt|mt)\s*@[\w.]+:?\s*/iu;
const URL = /\bhttps?:\/\/\S+|\bwww\.\S+/giu;
const MENTION = /(^|\s)@[\p{L}\p{N}_.]+/gu;
const HASHTAG = /#([\p{L}\p{N}_]+)/gu;
const NOT_WORD = /[^\p{L}\p{N}\s]/gu;

/**
 * A fingerprint that is equal for "the same text" posted by different accounts: after normalization,
 * with retweet prefixes, URLs, mentions, emoji and punctuation removed, hashtags sorted and
 * whitespace folded. Copy-paste campaigns share it; see the near-duplicate index for edited copies.
 */
export function contentFingerprint(text: string): string {
  return createHash('sha256').update(fingerprintBasis(text)).digest('hex').slice(0, 32);
}

/** The text the fingerprint hashes; exported for tests and explanations. */
export function fingerprintBasis(text: string): string {
  const withoutNoise = text.replace(RETWEET_PREFIX, '').replace(URL, ' ').replace(MENTION, '$1');
  const hashtags: string[] = [];
  const body = withoutNoise.replace(HASHTAG, (_m, tag: string) => {
    hashtags.push(tag);
    return ' ';
  });
  const normalize = (s: string) => normalizeText(s).text.replace(NOT_WORD, ' ').replace(/\s+/gu, ' ').trim();
  const tags = hashtags.map(normalize).filter(Boolean).sort();
  return [normalize(body), ...tags.map((t) => `#${t}`)].join(' ');
}
