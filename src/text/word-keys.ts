import { ARABIZI_DIGIT_TO_ARABIC, LEET_TO_LATIN } from './char-fold.js';
import type { TokenScript } from './tokenize.js';

/**
 * Matching keys of a word. A post word and a lexicon word match when they share a key, so both sides
 * go through these same functions. Keys squeeze every run of a repeated letter to one, which makes
 * "kill", "kiill" and "kil" one key and lets elongation (قتتتل, killlll) match the plain word.
 */

const CLITIC_KEYS: Readonly<Record<string, string>> = {
  "'ll": 'will',
  "n't": 'not',
  "'re": 'are',
  "'ve": 'have',
  "'m": 'am',
  "'d": 'would',
  "'s": "'s",
};
/** Hosts of irregular negative contractions: won't, can't, shan't, ain't. */
const NEGATIVE_HOSTS: Readonly<Record<string, string>> = { wo: 'will', ca: 'can', sha: 'shall', ai: 'is' };

/** Collapses every run of one repeated character to a single one. */
export function squeeze(word: string): string {
  let out = '';
  let last = '';
  for (let i = 0; i < word.length; i++) {
    const ch = word[i]!;
    if (ch !== last) out += ch;
    last = ch;
  }
  return out;
}

/** Dialect-neutral Arabic key: digits read as letters, ث/ذ/ظ folded, final وا → و, squeezed. */
export function arabicKey(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const ch = word[i]!;
    if (ch === 'ث') out += 'ت';
    else if (ch === 'ذ') out += 'د';
    else if (ch === 'ظ') out += 'ض';
    // A bare hamza inside a word stands for the glottal ق of Egyptian/Levantine (نءتل = نأتل = نقتل);
    // a final one stays (ماء is not ما).
    else if (ch === 'ء' && i < word.length - 1) out += 'ا';
    else out += ARABIZI_DIGIT_TO_ARABIC[ch] ?? ch;
  }
  if (out.length > 3 && out.endsWith('وا')) out = out.slice(0, -1);
  return squeeze(out);
}

/** Attached pronouns of a group or a place (her/it, them, you all). */
const NOUN_PRONOUN_SUFFIXES = ['ها', 'هم', 'هن', 'كم', 'كن'];

const PROCLITICS = ['بال', 'كال', 'فال', 'وال', 'مال', 'عال', 'لل', 'ال', 'ب', 'ل', 'ك'];

/**
 * The Arabic key and its forms without attached particles: و/ف (and, so), then ب/ل/ك and the
 * article (بالنار → نار, لأهالي → اهالي, وبسكان → سكان). The first entry is the whole word.
 */
export function arabicKeys(word: string): string[] {
  const key = arabicKey(word);
  const out = [key];
  let w = key;
  if (w.length > 3 && (w[0] === 'و' || w[0] === 'ف')) {
    w = w.slice(1);
    out.push(w);
  }
  for (const p of PROCLITICS) {
    // At least three letters must remain: لما (when) is not ل + ما (not), بكم is not ب + كم.
    if (w.length - p.length >= 3 && w.startsWith(p)) {
      const rest = w.slice(p.length);
      if (!out.includes(rest)) out.push(rest);
    }
  }
  // The article on a word that starts with ل is written الل, which squeezing made ال (اللحجيون,
  // "the Lahjis", read الحجيون): the word itself is the ل and what follows.
  if (word.length > 5 && word.startsWith('الل')) {
    const rest = arabicKey(word.slice(2));
    if (!out.includes(rest)) out.push(rest);
  }
  // Levantine عَ for على glues onto the next word (عأريحا, عدارة, عجسر الشغور): at least three letters must remain.
  if (w.length >= 4 && w[0] === 'ع' && !out.includes(w.slice(1))) out.push(w.slice(1));
  // A pronoun suffix on a noun (اقتحامها, لاقتحامهم: "storming it/them"): the noun itself, when at
  // least four letters remain. Verbs keep theirs: the morphology reads those.
  for (const k of [...out]) {
    for (const suffix of NOUN_PRONOUN_SUFFIXES) {
      if (k.length - suffix.length >= 4 && k.endsWith(suffix) && !out.includes(k.slice(0, -suffix.length))) out.push(k.slice(0, -suffix.length));
    }
  }
  return out;
}

/**
 * An Arabic word without the long vowels inside it (حاريم → ≠حرم): names are spelled with and
 * without them (حارم / حاريم, سراقب / سراقيب). Prefixed with `≠` so it meets only names' skeletons.
 * Null when fewer than three letters would be left.
 */
export function arabicVowelSkeleton(key: string): string | null {
  const skeleton = key[0] + key.slice(1).replace(/[اوي]/g, '');
  return skeleton.length >= 3 ? `≠${skeleton}` : null;
}

/**
 * Emphatic and interdental letters and the plain ones writers swap them with in names (صرمدا for
 * سرمدا), and the ق that Iraqi, Gulf and Sudanese writers spell as they say it, ك (their گ folds to ق itself).
 */
const PLAIN_LETTER: Readonly<Record<string, string>> = { ص: 'س', ط: 'ت', ض: 'د', ظ: 'ز', ذ: 'ز', ق: 'ك' };

/**
 * An Arabic word with its emphatic letters folded to their plain neighbours (صرمدا, سرمدا → ≈سرمدا)
 * and ق to ك (بعكوبة, بعقوبة → ≈بعكوبه), for names spelled with the one for the other. Same length as the word, so as specific as it.
 */
export function arabicPlainLetterKey(key: string): string {
  return `≈${foldPlainLetters(key)}`;
}

/**
 * A word that opens with ع or alef, read with an alef and its emphatic letters folded (عطمة, أطمة →
 * ≃اتمة): an initial ع for the alef of a name is a common spelling of how it sounds. A key of its own,
 * for it meets ordinary words a plain-letter key does not (العتمة, "the dark", is عتمة). Null for other words.
 */
export function arabicAinKey(key: string): string | null {
  return key[0] === 'ع' || key[0] === 'ا' ? `≃${foldPlainLetters(key.replace(/^ع/, 'ا'))}` : null;
}

function foldPlainLetters(key: string): string {
  return key.replace(/[صطضظذق]/g, (c) => PLAIN_LETTER[c]!);
}

/** Stands for ذ in keys that keep it apart: arabicKey reads ذ as د, so that ذمار is the word دمار ("destruction"). */
const KEPT_DHAL = '\u0688';

/** The keys of an Arabic word with its ذ kept apart from د (ذمار, not دمار), for names written with one; none without ذ. */
export function arabicDhalKeys(word: string): string[] {
  return word.includes('ذ') ? arabicKeys(word.replaceAll('ذ', KEPT_DHAL)) : [];
}

/** Latin key: contractions expanded (n't → not), squeezed; `host` handles won't/can't hosts. */
export function latinKey(word: string, clitic = false, beforeNegation = false): string {
  if (clitic) return squeeze(CLITIC_KEYS[word] ?? word);
  if (beforeNegation) {
    const host = NEGATIVE_HOSTS[word];
    if (host) return squeeze(host);
  }
  return squeeze(word);
}

/** Leetspeak reading of a Latin word with digits or symbols (k1ll → kill), or null if none. */
export function leetKey(word: string): string | null {
  let changed = false;
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const ch = word[i]!;
    const mapped = LEET_TO_LATIN[ch];
    if (mapped) {
      out += mapped;
      changed = true;
    } else if (ch >= '0' && ch <= '9') return null;
    else out += ch;
  }
  return changed ? squeeze(out) : null;
}

/** 2 is written for both hamza and the Egyptian/Levantine glottal ق, so it reads as q like 9; 3 (ع) stays. */
const ARABIZI_DIGITS: Readonly<Record<string, string>> = { '2': 'q', '3': '3', '5': 'kh', '6': 't', '7': 'h', '8': 'gh', '9': 'q' };
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', "'"]);

/**
 * Consonant skeleton of an Arabizi word (ha2tlkom → hqtlkm, ya5od → ykhd): Arabizi digits read as
 * consonants, vowels and apostrophes dropped, runs squeezed. With `glides` false a y or w after a
 * vowel goes too, as the vowel it spells (Shaykhun / Shaikhoon, Mawsil / Mosul). Spelling of Arabizi vowels varies
 * from writer to writer; its consonants are stable. Prefixed with `~` so it never equals a plain key.
 */
export function arabiziSkeleton(word: string, glides = true): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const ch = word[i]!;
    const d = ARABIZI_DIGITS[ch];
    if (d !== undefined) out += d;
    else if (!VOWELS.has(ch) && (glides || !((ch === 'y' || ch === 'w') && i > 0 && VOWELS.has(word[i - 1]!)))) out += ch;
  }
  return skeletonKey(out);
}

/** The `~` key of a run of Arabizi consonants: squeezed, and a doubled digraph (tokhkhon, shshabab) is one consonant. */
export function skeletonKey(consonants: string): string {
  return `~${squeeze(consonants).replace(/(kh|sh|gh|th|dh)\1+/g, '$1')}`;
}

/** Consonants in a skeleton (without its `~`), a digraph (kh, sh, gh, th, dh) counting as one. */
export function skeletonConsonants(skeleton: string): number {
  return skeleton.replace(/kh|sh|gh|th|dh/g, '.').length;
}

/**
 * A place-name skeleton as an English (non-Arabizi) post's word carries it: `≈` instead of `~`, so
 * that it meets place names only, never the Arabizi threat patterns.
 */
export function namedSkeletonKey(skeleton: string): string {
  return `≈${skeleton.slice(1)}`;
}

/** True when a Latin word mixes letters with the digits Arabizi uses for Arabic letters (3izza, 7arb). */
export function looksArabizi(word: string): boolean {
  let letters = false;
  let digits = false;
  for (let i = 0; i < word.length; i++) {
    const ch = word[i]!;
    if (ch === '2' || ch === '3' || ch === '5' || ch === '7' || ch === '9' || ch === '6' || ch === '8') digits = true;
    else if (ch >= 'a' && ch <= 'z') letters = true;
  }
  return letters && digits;
}

/** The primary key of a word of any script, as the lexicon compiler and the matcher both see it. */
export function primaryKey(word: string, script: TokenScript, clitic = false): string {
  if (script === 'ar') return arabicKey(word);
  if (script === 'lat') return latinKey(word, clitic);
  return word;
}
