import {
  arabicDhalKeys,
  arabicKeys,
  arabicVowelSkeleton,
  arabicAinKey,
  arabicPlainLetterKey,
  arabiziSkeleton,
  digitSkeletonKey,
  namedSkeletonKey,
  latinKey,
  leetKey,
  looksArabizi,
  squeeze,
  type Token,
  type TokenScript,
} from '../text/index.js';
import type { CompiledAnalyzer, WordAnalysis, WordLex } from './compiled-types.js';
import type { SurfaceWord } from './word-cache.js';
import type { Vocabulary } from './token-automaton.js';

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
  /** The automaton's steps for `keys` (null for a folded mention: the automaton looks them up). */
  readonly steps: Int32Array | null;
  /** What the scorer keeps for `keys` (null for a folded mention, whose keys are shared). */
  readonly lex: WordLex | null;
}

/** Function words (squeezed: all → al, i'll → il) that space deletion glues onto a threat word ("deathto", "todie", "slaughterthe"). */
const GLUE = new Set(['to', 'al', 'those', 'these', 'them', 'you', 'him', 'her', 'every', 'us', 'em', 'they', 'the', 'il', 'wil', 'we', 'gona']);
/** Glue words that only follow the threat word: a leading "the" would read "therapist" as the + rapist. */
const GLUE_AFTER_ONLY = new Set(['the']);
/**
 * Short English words that are never a fragment of a word broken by added spaces: "be heading" is not
 * "beheading". A fragment run ("ex ter mi nate", "slaugh ter") needs one short piece outside this list.
 */
const WHOLE_WORDS = new Set([
  'a',
  'an',
  'as',
  'at',
  'be',
  'by',
  'do',
  'go',
  'he',
  'i',
  'if',
  'in',
  'is',
  'it',
  'me',
  'my',
  'no',
  'of',
  'on',
  'or',
  'so',
  'to',
  'up',
  'us',
  'we',
  'all',
  'and',
  'any',
  'are',
  'but',
  'can',
  'day',
  'for',
  'get',
  'got',
  'had',
  'has',
  'her',
  'him',
  'his',
  'how',
  'its',
  'man',
  'men',
  'new',
  'not',
  'now',
  'off',
  'one',
  'our',
  'out',
  'own',
  'say',
  'see',
  'she',
  'the',
  'too',
  'two',
  'was',
  'way',
  'who',
  'why',
  'yes',
  'yet',
  'you',
  'ill',
  'lol',
  'pls',
]);
/**
 * Latin words that mark a post as Arabizi even without digits ("ahl taftanaz lazem ymoto kelon"):
 * common Levantine/Egyptian function words that are not English words.
 */
const ARABIZI_MARKERS = new Set([
  'ahl',
  'ahel',
  'ahali',
  'lazem',
  'lazim',
  'lazm',
  'bdna',
  'bedna',
  'badna',
  'bddna',
  'wallah',
  'wallahi',
  'walla',
  'kolkon',
  'kelkon',
  'kelon',
  'kolon',
  'kolhom',
  'kellon',
  'kollon',
  'rah',
  'ra7',
  'hala2',
  'halla',
  'yalla',
  'shabab',
  'inshallah',
  'mish',
  'mesh',
  'msh',
  'bel',
  'fi',
  'eza',
  'iza',
  'ya3ni',
  'yane',
  'hek',
  'heik',
  'shu',
  'shou',
  'sho',
  'ento',
  'ente',
  'enta',
]);
/** A fragment run is at most this many pieces (ex ter mi nate). */
const MAX_FRAGMENTS = 4;
const CACHE_LIMIT = 50_000;
/** Each post's tokens' cache records, reused post after post (buildWords is never re-entered). */
const surfaces: SurfaceWord[] = [];
/** Pieces a glued word is split into at most (deserve + to + die). */
const MAX_GLUED_PIECES = 3;
/** Longest word a typo is looked for in: no lexicon or place word comes near it, and the lookup costs length². */
const MAX_TYPO_WORD_CHARS = 64;
/**
 * Characters typo and glued-word repair may examine in one post (an ordinary 20,000-character post needs
 * well under half). Past it the post's remaining words are matched as written: a hostile post gets a
 * bounded amount of work, whatever its shape.
 */
export const MAX_REPAIR_UNITS_PER_POST = 1_000_000;

/** Work spent repairing a post's words (typo and glued-word lookups), in characters examined; see MAX_REPAIR_UNITS_PER_POST. */
export interface RepairWork {
  units: number;
}

/** Turns tokens into matchable words: keys per script, leet and Arabizi readings, typo fixes, glued pairs. */
export function buildWords(tokens: readonly Token[], analyzer: CompiledAnalyzer, work: RepairWork = { units: 0 }): PostWord[] {
  const vocab = analyzer.automaton.vocabulary;
  const cache = analyzer.wordCache;
  // One lookup per token finds its cache record, read both for the Arabizi test and for its analysis.
  // A Latin word with Arabizi digits whose leetspeak reading is no known word marks an Arabizi post;
  // Arabizi patterns are then tried on every Latin word's consonant skeleton.
  let arabizi = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const surface = cache.surface(t.script, t.text);
    surfaces[i] = surface;
    if (!arabizi && t.script === 'lat') arabizi = signsArabizi(surface, t.text, vocab);
  }
  const words: PostWord[] = [];
  let clauseShift = 0;
  for (let i = 0; i < tokens.length; i++) {
    const joined = joinFragments(tokens, i, vocab);
    const token = joined ?? tokens[i]!;
    const surface = joined ? cache.surface(token.script, token.text) : surfaces[i]!;
    if (joined) i += joined.pieces - 1;
    const next = tokens[i + 1];
    const beforeNegation = next?.clitic === true && next.text === "n't";
    const info = analyzeWord(token, surface, beforeNegation, arabizi, analyzer, work);
    if (info.clauseBreak) clauseShift++;
    const clause = token.clause + clauseShift;
    if (info.split) {
      let from = 0;
      for (const part of info.split) {
        words.push(makeWord(token, token.start + from, token.start + part.end, part, clause, info));
        from = part.end;
      }
    } else words.push(makeWord(token, token.start, token.end, info, clause, info));
  }
  return words;
}

/** A Latin word that is Arabizi on its face: a common Arabizi function word, or letters mixed with Arabizi digits. */
export function isArabiziWord(word: string): boolean {
  return ARABIZI_MARKERS.has(word) || looksArabizi(word);
}

/**
 * Whether a Latin word marks its post as Arabizi: a common Arabizi function word, or a word with
 * Arabizi digits whose leetspeak reading is no known word. Worked out once per distinct word.
 */
function signsArabizi(surface: SurfaceWord, text: string, vocab: Vocabulary): boolean {
  if (surface.arabiziSign < 0) surface.arabiziSign = ARABIZI_MARKERS.has(text) || (looksArabizi(text) && !vocab.has(leetKey(text) ?? '')) ? 1 : 0;
  return surface.arabiziSign === 1;
}

/**
 * Re-joins a word broken by added spaces ("ex ter mi nate", "slaugh ter") when the pieces, none a
 * known word, spell one: short unknown pieces one space apart, at least one short piece that is not
 * an English word of its own. Returns the joined token and how many tokens it took.
 */
function joinFragments(tokens: readonly Token[], i: number, vocab: Vocabulary): (Token & { pieces: number }) | null {
  const first = tokens[i]!;
  const second = tokens[i + 1];
  // Cheap checks first: this runs on every word of every post.
  if (!second || first.script !== 'lat' || second.script !== 'lat' || second.start - first.end !== 1) return null;
  if (first.text.length > 6 || second.text.length > 6 || !(isOddPiece(first.text) || isOddPiece(second.text))) return null;
  if (!isFragment(first, vocab)) return null;
  let text = first.text;
  let odd = isOddPiece(first.text);
  for (let j = i + 1; j < tokens.length && j - i < MAX_FRAGMENTS; j++) {
    const t = tokens[j]!;
    if (!isFragment(t, vocab) || t.start - tokens[j - 1]!.end !== 1 || t.sentence !== first.sentence) return null;
    text += t.text;
    odd ||= isOddPiece(t.text);
    if (odd && text.length >= 5 && vocab.has(squeeze(text))) return { ...first, end: t.end, text, pieces: j - i + 1 };
  }
  return null;
}

/** A short piece that is no English word of its own ("ter", "mi"): the sign of a word broken by spaces. */
function isOddPiece(text: string): boolean {
  return text.length <= 3 && !WHOLE_WORDS.has(text);
}

function isFragment(t: Token, vocab: Vocabulary): boolean {
  return t.script === 'lat' && !t.clitic && !t.hashtag && t.text.length <= 6 && isUnknownLetters(t.text, vocab);
}

/** Per vocabulary, whether a word is plain letters and no known word once squeezed: posts repeat their words. */
const UNKNOWN_LETTERS = new WeakMap<Vocabulary, Map<string, boolean>>();

function isUnknownLetters(text: string, vocab: Vocabulary): boolean {
  let memo = UNKNOWN_LETTERS.get(vocab);
  if (!memo) {
    memo = new Map();
    UNKNOWN_LETTERS.set(vocab, memo);
  }
  let unknown = memo.get(text);
  if (unknown === undefined) {
    unknown = /^[a-z]+$/.test(text) && !vocab.has(squeeze(text));
    if (memo.size >= CACHE_LIMIT) memo.clear();
    memo.set(text, unknown);
  }
  return unknown;
}

function makeWord(token: Token, start: number, end: number, lex: WordLex, clause: number, info: WordAnalysis): PostWord {
  return {
    start,
    end,
    keys: lex.keys,
    steps: lex.steps,
    script: token.script,
    sentence: token.sentence,
    clause,
    quote: token.quote,
    hashtag: token.hashtag,
    negated: info.negated,
    fuzzy: info.fuzzy,
    lex,
  };
}

/** A word as first read, before the cache's records are made for its key lists. */
interface WordReading {
  readonly keys: string[];
  readonly negated: boolean;
  readonly fuzzy: boolean;
  readonly split: Array<{ keys: string[]; end: number }> | null;
}

function analyzeWord(
  token: Token,
  surface: SurfaceWord,
  beforeNegation: boolean,
  arabizi: boolean,
  analyzer: CompiledAnalyzer,
  work: RepairWork,
): WordAnalysis {
  // One cache entry per (script, flags), found from the token's record with no further lookup.
  const flags = (token.clitic ? 4 : 0) + (beforeNegation ? 2 : 0) + (arabizi ? 1 : 0);
  const cache = analyzer.wordCache;
  const cached = cache.read(token.script, surface, flags);
  if (cached) return cached;
  const exhausted = work.units >= MAX_REPAIR_UNITS_PER_POST;
  const read: WordReading =
    token.script === 'ar'
      ? analyzeArabic(token.text, analyzer)
      : token.script === 'lat'
        ? analyzeLatin(token, beforeNegation, arabizi, analyzer, work)
        : { keys: [token.text], negated: false, fuzzy: false, split: null };
  // One object shape for every cached word keeps the per-word reads of each post monomorphic.
  const automaton = analyzer.automaton;
  const result: WordAnalysis = {
    keys: read.keys,
    negated: read.negated,
    fuzzy: read.fuzzy,
    split: read.split ? read.split.map((part) => ({ keys: part.keys, end: part.end, steps: automaton.stepsFor(part.keys), features: null })) : null,
    clauseBreak: analyzer.clauseBreaks.has(read.keys[0]!),
    steps: automaton.stepsFor(read.keys),
    features: null,
  };
  // A word read without repairs (budget spent) is not what the next post should be told.
  if (exhausted && token.script === 'lat') return result;
  cache.store(token.script, surface, flags, result);
  return result;
}

/** Person and tense prefixes of a verb (نـ، يـ، تـ، حـ، هـ، بـ، سـ): where a spoken ق may be written ك. */
const VERB_PREFIX = /^[نيتحهبس]/;

/** Future and aspect prefixes a colloquial negation مـ attaches to (محأذي، مهنسيب، مبنخاف). */
const ASPECT_PREFIX = /^[حهب]/;

function analyzeArabic(text: string, analyzer: CompiledAnalyzer): WordReading {
  const vocab = analyzer.automaton.vocabulary;
  const keys = arabicKeys(text);
  // A name spelled with a long vowel more or less than its gazetteer entry (حاريم for حارم).
  // Or with an emphatic letter for a plain one (صرمدا for سرمدا).
  for (const k of [...keys]) {
    const skeleton = arabicVowelSkeleton(k);
    if (skeleton && vocab.has(skeleton) && !keys.includes(skeleton)) keys.push(skeleton);
    const plainLetters = arabicPlainLetterKey(k);
    if (vocab.has(plainLetters) && !keys.includes(plainLetters)) keys.push(plainLetters);
    // عطمة for أطمة: an initial ع for a name's alef.
    const ain = k[0] === 'ع' ? arabicAinKey(k) : null;
    if (ain && vocab.has(ain) && !keys.includes(ain)) keys.push(ain);
  }
  // ذ written for the ز of a name (اعزاذ, تفتناذ): keys read ذ as د, so the name is found from the ز reading.
  // And a short name written with its ذ (ذمار) is found by the key that keeps it apart from د (دمار).
  if (text.includes('ذ')) {
    for (const k of arabicDhalKeys(text)) if (vocab.has(k) && !keys.includes(k)) keys.push(k);
    for (const k of arabicKeys(text.replaceAll('ذ', 'ز'))) {
      const plainLetters = arabicPlainLetterKey(k);
      if (vocab.has(plainLetters) && !keys.includes(plainLetters)) keys.push(plainLetters);
    }
  }
  if (keys.some((k) => vocab.has(k))) return { keys, negated: false, fuzzy: false, split: null };
  // Sudanese, Libyan, Gulf and Iraqi writers spell the ق of a verb as they say it, ك (گ folds to ق):
  // نكتل, حنكتلهم. Read it as ق when that makes a known word, on verb forms only (a prefix of person
  // or tense): nouns such as كتلة (a bloc) keep their ك.
  for (const k of [...keys]) {
    if (k.length < 4 || !VERB_PREFIX.test(k) || !k.includes('ك')) continue;
    for (let i = k.indexOf('ك'); i >= 0; i = k.indexOf('ك', i + 1)) {
      const qaf = `${k.slice(0, i)}ق${k.slice(i + 1)}`;
      if (vocab.has(qaf) && !keys.includes(qaf)) keys.push(qaf);
    }
  }
  if (keys.some((k) => vocab.has(k))) return { keys, negated: false, fuzzy: false, split: null };
  // Colloquial negation wraps the verb: مـ…ـش (منخلصش, مبحبش), مـ before a future/aspect prefix (محأزي).
  let inner: string | null = null;
  // Without the ش, the مـ must sit on a future/aspect prefix: مقاتل (a fighter) and مسلخ (a
  // slaughterhouse) are nouns that only look like مـ + قاتل, مـ + سلخ.
  if (text.length >= 4 && text.startsWith('م')) inner = text.endsWith('ش') ? text.slice(1, -1) : ASPECT_PREFIX.test(text.slice(1)) ? text.slice(1) : null;
  else if (text.length >= 5 && text.endsWith('ش')) inner = text.slice(0, -1);
  if (inner) {
    const innerKeys = arabicKeys(inner);
    if (innerKeys.some((k) => vocab.has(k))) return { keys: [...keys, ...innerKeys], negated: true, fuzzy: false, split: null };
  }
  return { keys, negated: false, fuzzy: false, split: null };
}

function analyzeLatin(token: Token, beforeNegation: boolean, arabizi: boolean, analyzer: CompiledAnalyzer, work: RepairWork): WordReading {
  const vocab = analyzer.automaton.vocabulary;
  const text = token.text;
  const keys = [latinKey(text, token.clitic, beforeNegation)];
  if (/[0-9@$]/.test(text)) {
    const leet = leetKey(text);
    if (leet && !keys.includes(leet)) keys.push(leet);
  }
  if (text.includes('1')) for (const k of oneAsEll(text, arabizi)) if (vocab.has(k) && !keys.includes(k)) keys.push(k);
  if (arabizi) {
    const skeleton = arabiziSkeleton(text);
    keys.push(skeleton);
    // Arabizi writes no letter as 0: sh0ghour is a leet o (1 is read both ways in oneAsEll).
    if (text.includes('0')) {
      const vowel = arabiziSkeleton(text.replaceAll('0', 'o'));
      if (vocab.has(vowel) && !keys.includes(vowel)) keys.push(vowel);
    }
    if (looksArabizi(text)) keys.push(digitSkeletonKey(skeleton));
    const glideless = arabiziSkeleton(text, false);
    if (glideless !== skeleton && vocab.has(glideless)) keys.push(glideless);
    // Writers spell ق as g (Gulf, Iraqi, Sudanese, Bedouin: n7rigon) or k (nkatilhom): try it as q
    // when that is a known word.
    // Not k in a skeleton of two consonants: kul, kel (كل, "all") would read qal (قال, "said"), a
    // reported-speech cue on every threat beside the commonest Arabizi word. Nor kbir, kbeer (كبير,
    // "big"), which would read qabr (قبر, a grave).
    const kaf = skeleton.length > 3 && !KAF_AS_WRITTEN.has(skeleton) ? skeleton.replace(/(?<![ks])k(?!h)/g, 'q') : skeleton;
    for (const gaf of [skeleton.replace(/g(?!h)/g, 'q'), kaf]) {
      if (gaf !== skeleton && vocab.has(gaf) && !keys.includes(gaf)) keys.push(gaf);
    }
  }
  // Place names spelled another way in an English post (Maaret, Shugour): their skeleton, when a name
  // has it. Not a known word: a typo fix may still find the name itself (Saraqbi → Saraqib).
  let named = arabizi ? null : namedSkeletonKey(arabiziSkeleton(text));
  if (named && !vocab.has(named)) named = namedSkeletonKey(arabiziSkeleton(text, false));
  // A leet o written 0 in an English post's name (Shugh00r): the skeleton keeps no digit 0 stands for.
  if (named && !vocab.has(named) && text.includes('0')) named = namedSkeletonKey(arabiziSkeleton(text.replaceAll('0', 'o')));
  if (named && vocab.has(named)) keys.push(named);
  // A final -ah, -eh is often ة written out (Dareh Azzeh for دارة عزة): the skeleton without that h,
  // and with it as the t of a name's first word (Darat, Daret).
  if (!arabizi && text.length >= 4 && /[aei]h$/.test(text)) {
    for (const ending of ['', 't']) {
      const tah = namedSkeletonKey(arabiziSkeleton(text.slice(0, -1) + ending));
      if (tah !== named && vocab.has(tah) && !keys.includes(tah)) keys.push(tah);
    }
  }
  const unrepaired = { keys, negated: false, fuzzy: false, split: null };
  const known = keys.some((k) => k !== named && vocab.has(k));
  if (token.clitic || known || work.units >= MAX_REPAIR_UNITS_PER_POST) return unrepaired;
  const plain = keys.length > 1 && keys[1] !== named && keys[1]![0] !== '~' ? keys[1]! : text;
  if (plain.length <= MAX_TYPO_WORD_CHARS && /^[a-z]+$/.test(plain)) {
    work.units += plain.length * plain.length;
    const corrected = analyzer.fuzzy.lookup(plain);
    if (corrected) return { keys: [...keys, corrected], negated: false, fuzzy: true, split: null };
  }
  const split = text.length >= 5 && /^[a-z]+$/.test(text) ? splitGlued(text, vocab, work) : null;
  return split ? { ...unrepaired, split } : unrepaired;
}

/** Skeletons of common Arabizi words whose k is a kaf, never a spoken qaf: kbir, kbeera (big), not qabr (grave). */
const KAF_AS_WRITTEN = new Set(['~kbr']);

/** Most 1s in a word read both ways (2^n readings). */
const MAX_ONES = 3;

/**
 * The readings of a word whose 1s stand for l as well as i (ta1b1se → talbise, k1ll → kill): leet
 * writers use 1 for both, and Arabizi has no letter written 1. Each reading's leet key, and in an
 * Arabizi post its consonant skeleton; the caller keeps those that are known words.
 */
function oneAsEll(text: string, arabizi: boolean): string[] {
  const ones = [...text].reduce((n, c) => (c === '1' ? n + 1 : n), 0);
  if (ones === 0 || ones > MAX_ONES) return [];
  const out: string[] = [];
  for (let mask = 0; mask < 1 << ones; mask++) {
    let k = 0;
    const reading = text.replace(/1/g, () => ((mask >> k++) & 1 ? 'l' : 'i'));
    const key = /[0-9@$]/.test(reading) ? leetKey(reading) : latinKey(reading);
    if (key) out.push(key);
    if (arabizi) out.push(arabiziSkeleton(reading.replaceAll('0', 'o')));
  }
  return out;
}

/**
 * Splits a word that space deletion glued together into a known word and function words around it
 * ("deathto", "stabthose", "todie", "deservetodie" → deserve + to + die): lexicon words and at least
 * one glue word, the evidence of a lost space ("shotgun" is no shot + gun).
 */
function splitGlued(text: string, vocab: Vocabulary, work: RepairWork): WordReading['split'] {
  const window = glueWindow(vocab);
  // Every piece fits the window, so a longer word cannot be split: no need to try.
  if (text.length > window * MAX_GLUED_PIECES) return null;
  const parts = splitFrom(text, 0, vocab, MAX_GLUED_PIECES, window, work);
  if (!parts || parts.length < 2) return null;
  const glued = parts.filter((p) => GLUE.has(p.keys[0]!)).length;
  if (glued === 0 || glued === parts.length) return null;
  return parts;
}

function splitFrom(
  text: string,
  from: number,
  vocab: Vocabulary,
  budget: number,
  window: number,
  work: RepairWork,
): Array<{ keys: string[]; end: number }> | null {
  if (budget === 0 || text.length - from > window * budget) return null;
  for (let i = Math.min(text.length, from + window); i >= from + 2; i--) {
    work.units += i - from;
    const piece = squeeze(text.slice(from, i));
    if (!GLUE.has(piece) && !vocab.has(piece)) continue;
    if (from === 0 && GLUE_AFTER_ONLY.has(piece)) continue;
    if (i === text.length) return [{ keys: [piece], end: i }];
    const rest = splitFrom(text, i, vocab, budget - 1, window, work);
    if (rest) return [{ keys: [piece], end: i }, ...rest];
  }
  return null;
}

const GLUE_WINDOWS = new WeakMap<Vocabulary, number>();

/**
 * The longest piece a glued word can hold: twice the longest Latin key (normalization leaves runs of
 * two letters, which squeeze to one), so capping the search there changes no split, only its cost.
 */
function glueWindow(vocab: Vocabulary): number {
  let window = GLUE_WINDOWS.get(vocab);
  if (window === undefined) {
    let longest = Math.max(...[...GLUE].map((g) => g.length));
    for (const key of vocab) if (key.length > longest && /^[a-z]+$/.test(key)) longest = key.length;
    window = 2 * longest;
    GLUE_WINDOWS.set(vocab, window);
  }
  return window;
}
