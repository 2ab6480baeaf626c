import {
  arabicKeys,
  arabiziSkeleton,
  latinKey,
  leetKey,
  looksArabizi,
  squeeze,
  type Token,
  type TokenScript,
} from '../text/index.js';
import type { CompiledAnalyzer, WordAnalysis } from './compiled-types.js';

/** A word of a post as the matcher walks it: keys to try, position, and where it sits. */
export interface PostWord {
  /** Range in the normalized text. */
  readonly start: number;
  readonly end: number;
  readonly keys: readonly string[];
  readonly script: TokenScript;
  readonly sentence: number;
  readonly clause: number;
  readonly quote: number;
  readonly hashtag: boolean;
  readonly negated: boolean;
  readonly fuzzy: boolean;
}

/** Function words that space-deletion glues onto a threat word ("deathto", "stabthose", "todie"). */
const GLUE = new Set(['to', 'al', 'those', 'these', 'them', 'you', 'him', 'her', 'every', 'us', 'em', 'they']);
const CACHE_LIMIT = 50_000;

/** Turns tokens into matchable words: keys per script, leet and Arabizi readings, typo fixes, glued pairs. */
export function buildWords(tokens: readonly Token[], analyzer: CompiledAnalyzer): PostWord[] {
  const vocab = analyzer.automaton.vocabulary;
  // A Latin word with Arabizi digits whose leetspeak reading is no known word marks an Arabizi post;
  // Arabizi patterns are then tried on every Latin word's consonant skeleton.
  const arabizi = tokens.some((t) => t.script === 'lat' && looksArabizi(t.text) && !vocab.has(leetKey(t.text) ?? ''));
  const words: PostWord[] = [];
  let clauseShift = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    const beforeNegation = next?.clitic === true && next.text === "n't";
    const info = analyzeWord(token, beforeNegation, arabizi, analyzer);
    if (analyzer.clauseBreaks.has(info.keys[0]!)) clauseShift++;
    const clause = token.clause + clauseShift;
    if (info.split) {
      const [left, right, at] = info.split;
      words.push(makeWord(token, token.start, token.start + at, left, clause, info));
      words.push(makeWord(token, token.start + at, token.end, right, clause, info));
    } else words.push(makeWord(token, token.start, token.end, info.keys, clause, info));
  }
  return words;
}

function makeWord(token: Token, start: number, end: number, keys: readonly string[], clause: number, info: WordAnalysis): PostWord {
  return {
    start,
    end,
    keys,
    script: token.script,
    sentence: token.sentence,
    clause,
    quote: token.quote,
    hashtag: token.hashtag,
    negated: info.negated,
    fuzzy: info.fuzzy,
  };
}

function analyzeWord(token: Token, beforeNegation: boolean, arabizi: boolean, analyzer: CompiledAnalyzer): WordAnalysis {
  // One cache per (script, flags) so that the key is the word itself, with no string building.
  const slot = (token.script === 'ar' ? 0 : token.script === 'lat' ? 8 : 16) + (token.clitic ? 4 : 0) + (beforeNegation ? 2 : 0) + (arabizi ? 1 : 0);
  const cache = (analyzer.wordCache[slot] ??= new Map());
  const cached = cache.get(token.text);
  if (cached) return cached;
  const result =
    token.script === 'ar'
      ? analyzeArabic(token.text, analyzer)
      : token.script === 'lat'
        ? analyzeLatin(token, beforeNegation, arabizi, analyzer)
        : { keys: [token.text], negated: false, fuzzy: false, split: null };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(token.text, result);
  return result;
}

function analyzeArabic(text: string, analyzer: CompiledAnalyzer): WordAnalysis {
  const vocab = analyzer.automaton.vocabulary;
  const keys = arabicKeys(text);
  if (keys.some((k) => vocab.has(k))) return { keys, negated: false, fuzzy: false, split: null };
  // Colloquial negation wraps the verb: مـ…ـش (منخلصش, مبحبش), مـ before a future/aspect prefix (محأزي).
  let inner: string | null = null;
  if (text.length >= 4 && text.startsWith('م')) inner = text.endsWith('ش') ? text.slice(1, -1) : text.slice(1);
  else if (text.length >= 5 && text.endsWith('ش')) inner = text.slice(0, -1);
  if (inner) {
    const innerKeys = arabicKeys(inner);
    if (innerKeys.some((k) => vocab.has(k))) return { keys: [...keys, ...innerKeys], negated: true, fuzzy: false, split: null };
  }
  return { keys, negated: false, fuzzy: false, split: null };
}

function analyzeLatin(token: Token, beforeNegation: boolean, arabizi: boolean, analyzer: CompiledAnalyzer): WordAnalysis {
  const vocab = analyzer.automaton.vocabulary;
  const text = token.text;
  const keys = [latinKey(text, token.clitic, beforeNegation)];
  if (/[0-9@$]/.test(text)) {
    const leet = leetKey(text);
    if (leet && !keys.includes(leet)) keys.push(leet);
  }
  if (arabizi) keys.push(arabiziSkeleton(text));
  if (token.clitic || keys.some((k) => vocab.has(k))) return { keys, negated: false, fuzzy: false, split: null };
  const plain = keys.length > 1 && keys[1]![0] !== '~' ? keys[1]! : text;
  const corrected = /^[a-z]+$/.test(plain) ? analyzer.fuzzy.lookup(plain) : null;
  if (corrected) return { keys: [...keys, corrected], negated: false, fuzzy: true, split: null };
  const split = text.length >= 5 && /^[a-z]+$/.test(text) ? splitGlued(text, vocab) : null;
  return { keys, negated: false, fuzzy: false, split };
}

function splitGlued(text: string, vocab: ReadonlySet<string>): WordAnalysis['split'] {
  for (let i = 2; i <= text.length - 2; i++) {
    const left = squeeze(text.slice(0, i));
    const right = squeeze(text.slice(i));
    const ok = (vocab.has(left) && !GLUE.has(left) && GLUE.has(right)) || (GLUE.has(left) && vocab.has(right) && !GLUE.has(right));
    if (ok) return [[left], [right], i];
  }
  return null;
}
