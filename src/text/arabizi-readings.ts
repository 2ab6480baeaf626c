import { skeletonKey } from './word-keys.js';

/**
 * How Arabizi writers spell each Arabic consonant, as the consonant skeleton of their word shows it
 * (see arabiziSkeleton: 7 → h, 5 → kh, 3 stays, 2 and 9 → q, 6 → t, 8 → gh). Letters with several
 * spellings list each; '' is a letter written as a vowel or not at all (alef, hamza seats).
 */
const SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  ب: ['b'],
  ت: ['t'],
  ث: ['th', 's', 't'],
  ج: ['j', 'g'],
  ح: ['h'],
  خ: ['kh'],
  د: ['d'],
  ذ: ['dh', 'th', 'z', 'd'],
  ر: ['r'],
  ز: ['z'],
  س: ['s'],
  ش: ['sh'],
  ص: ['s', 'q'],
  ض: ['d'],
  ط: ['t'],
  ظ: ['z', 'dh'],
  ع: ['3'],
  غ: ['gh'],
  ف: ['f'],
  // gh: the skeleton of 8, which Gulf and Iraqi writers use for ق (shir8at) as others use 9.
  ق: ['q', 'k', 'g', 'gh'],
  ك: ['k'],
  ل: ['l'],
  م: ['m'],
  ن: ['n'],
  ه: ['h'],
  ا: [''],
  أ: [''],
  إ: [''],
  آ: [''],
  ى: [''],
  ء: [''],
  ؤ: [''],
  ئ: [''],
};

/** Letters Arabizi writes with a digit (7, 5, 3, 2, 6, 9, 8): a word that carries one is Arabizi beyond doubt. */
const DIGIT_LETTERS = new Set(['ح', 'خ', 'ع', 'ق', 'ط', 'ص', 'غ']);
/** Most skeletons one word, and one name, may yield: the product of its ambiguous letters is cut here. */
const MAX_READINGS = 12;

/** One Arabizi reading of an Arabic name: a skeleton per word (`~` keys) and how sure a match on it is. */
export interface ArabiziReading {
  readonly words: readonly string[];
  /** Consonants outside the article: fewer than four make a short, ambiguous skeleton. */
  readonly consonants: number;
}

/**
 * The consonant skeletons an Arabizi writer's spelling of an Arabic name has (أريحا → ~rh as in
 * "ari7a", معرة النعمان → ~m3rt ~l ~n3mn as in "ma3arret el no3man"): each consonant as Arabizi
 * spells it, long vowels (و ي inside a word) read both ways, ة silent or t before another word, and
 * the article as its own word, glued on, or dropped. Null when the name has no letter Arabizi writes
 * with a digit and fewer than four consonants: such a skeleton would meet ordinary words.
 */
export function arabiziReadingsOf(name: string): ArabiziReading[] | null {
  const words = name
    .replace(/[\u064b-\u065f\u0670\u0640]/g, '')
    .split(/[\s\-_]+/)
    .filter((w) => /^[\u0621-\u064a]+$/.test(w));
  if (words.length === 0) return null;
  // Per word, its alternatives: each a list of skeleton keys (two when the article stands apart).
  const perWord = words.map((word, i) =>
    articleForms(word).flatMap(({ parts, glued }) =>
      likeliest(parts.map((p) => wordSkeletons(p, i < words.length - 1))).map(({ item: keys, rank }) => ({ item: { keys, glued: glued ? 1 : 0 }, rank })),
    ),
  );
  const readings = likeliest(perWord).map(({ item: alternative }) => ({
    keys: alternative.flatMap((a) => a.keys),
    glued: alternative.reduce((n, a) => n + a.glued, 0),
  }));
  const hasDigitLetter = [...name].some((c) => DIGIT_LETTERS.has(c));
  const out = new Map<string, ArabiziReading>();
  for (const { keys, glued } of readings) {
    if (keys.some((k) => k === '~')) continue;
    const consonants = keys.filter((k) => k !== '~l').reduce((n, k) => n + k.length - 1, 0) - glued;
    if (consonants < 4 && !hasDigitLetter) continue;
    out.set(keys.join(' '), { words: keys, consonants });
  }
  return out.size > 0 ? [...out.values()] : null;
}

/** An alternative and its rank: how many spellings past each letter's first it took (0 = the likeliest). */
interface Ranked<T> {
  readonly item: T;
  readonly rank: number;
}

/** A word with the article: without it, as its own word (el atareb), glued on (latareb); otherwise the word. */
function articleForms(word: string): Array<{ parts: string[]; glued: boolean }> {
  if (!word.startsWith('ال') || word.length < 4) return [{ parts: [word], glued: false }];
  const rest = word.slice(2);
  return [
    { parts: [rest], glued: false },
    { parts: ['ل', rest], glued: false },
    { parts: [word.slice(1)], glued: true },
  ];
}

/** Each way to read one word (or the lone article) as a skeleton, likeliest first. */
function wordSkeletons(word: string, construct: boolean): Array<Ranked<string>> {
  if (word === 'ل') return [{ item: '~l', rank: 0 }];
  const letters = [...word];
  const perLetter = letters.map((c, i) => {
    const initial = i === 0;
    const final = i === letters.length - 1;
    let spellings: readonly string[];
    if (c === 'و') spellings = initial ? ['w'] : ['w', ''];
    else if (c === 'ي') spellings = initial ? ['y'] : ['y', ''];
    // ة is silent, or t before the next word of a name (ma3arret el no3man); a final ه is often ة written plainly.
    else if (c === 'ة') spellings = final && construct ? ['', 't'] : [''];
    else if (c === 'ه' && final) spellings = construct ? ['h', '', 't'] : ['h', ''];
    else spellings = SPELLINGS[c] ?? [''];
    return spellings.map((item, rank) => ({ item, rank }));
  });
  const seen = new Set<string>();
  return likeliest(perLetter)
    .map(({ item, rank }) => ({ item: skeletonKey(item.join('')), rank }))
    .filter(({ item }) => !seen.has(item) && seen.add(item));
}

/**
 * Every choice of one item per position ([[a, b], [c]] → [a, c], [b, c]), the MAX_READINGS of least
 * rank: a cut in plain order would keep every choice of the first position's first item and drop
 * its others (الصقلاوية as 9aqlawiya, ص as q; el 9useir, the article apart, behind all of a bare
 * name's spellings). Equal ranks keep their order.
 */
function likeliest<T>(positions: ReadonlyArray<ReadonlyArray<Ranked<T>>>): Array<Ranked<T[]>> {
  let out: Array<Ranked<T[]>> = [{ item: [], rank: 0 }];
  for (const choices of positions) {
    const next: Array<Ranked<T[]>> = [];
    for (const prefix of out) for (const choice of choices) next.push({ item: [...prefix.item, choice.item], rank: prefix.rank + choice.rank });
    out = next.sort((a, b) => a.rank - b.rank).slice(0, MAX_READINGS);
  }
  return out;
}

/**
 * The skeleton key of a word written with Arabizi digits (ari7a → ^rh): `^` instead of `~`, so that
 * short name skeletons meet only words that are Arabizi beyond doubt.
 */
export function digitSkeletonKey(skeleton: string): string {
  return `^${skeleton.slice(1)}`;
}
