import type { RandomSource } from './random-source.js';

/** One disguised spelling of a word and the phenomenon tag naming how it was disguised. */
export interface Disguise {
  readonly text: string;
  readonly tag: string;
}

const LEET: Readonly<Record<string, string>> = { i: '1', e: '3', a: '4', o: '0', s: '$', t: '7', l: '1' };
const CYRILLIC: Readonly<Record<string, string>> = { a: 'а', e: 'е', o: 'о', c: 'с', p: 'р', x: 'х', y: 'у', i: 'і', k: 'к', h: 'һ' };
const PERSIAN: Readonly<Record<string, string>> = { ك: 'ک', ي: 'ی', ى: 'ی' };
// Letters that never take tatweel after them (they do not join to the left).
const NON_JOINING = new Set(['ا', 'أ', 'إ', 'آ', 'د', 'ذ', 'ر', 'ز', 'و', 'ة', 'ء', 'ى']);

const isArabic = (s: string): boolean => /[\u0600-\u06ff]/.test(s);

/** Splits a phrase into its longest word and the rest, so multi-word threat phrases disguise one word. */
function longestWord(phrase: string): { before: string; word: string; after: string } {
  const words = phrase.split(' ');
  let best = 0;
  words.forEach((w, i) => {
    if (w.length > words[best]!.length) best = i;
  });
  return {
    before: words.slice(0, best).join(' ') + (best > 0 ? ' ' : ''),
    word: words[best]!,
    after: (best < words.length - 1 ? ' ' : '') + words.slice(best + 1).join(' '),
  };
}

function disguiseLatin(rng: RandomSource, word: string, allowLeet: boolean): Disguise {
  const letters = [...word];
  const method = rng.pick(
    allowLeet ? ['spaced', 'dotted', 'leet', 'leet', 'elongation', 'homoglyph', 'asterisk'] : ['spaced', 'dotted', 'elongation', 'homoglyph', 'dashed'],
  );
  switch (method) {
    case 'spaced':
      return { text: letters.join(' '), tag: 'obfuscation_spaced' };
    case 'dotted':
      return { text: letters.join('.'), tag: 'obfuscation_dotted' };
    case 'dashed':
      return { text: letters.join('-'), tag: 'obfuscation_spaced' };
    case 'leet': {
      const out = letters.map((ch) => (LEET[ch.toLowerCase()] && rng.chance(0.7) ? LEET[ch.toLowerCase()]! : ch)).join('');
      return out === word ? { text: letters.join('.'), tag: 'obfuscation_dotted' } : { text: out, tag: 'leetspeak' };
    }
    case 'asterisk': {
      const vowel = letters.findIndex((ch, i) => i > 0 && /[aeiou]/i.test(ch));
      if (vowel < 0) return { text: letters.join(' '), tag: 'obfuscation_spaced' };
      letters[vowel] = '*';
      return { text: letters.join(''), tag: 'obfuscation_asterisk' };
    }
    case 'elongation': {
      const i = letters.findIndex((ch, k) => k > 0 && /[aeiou]/i.test(ch));
      const at = i < 0 ? letters.length - 1 : i;
      letters[at] = letters[at]!.repeat(rng.int(3, 6));
      return { text: letters.join(''), tag: 'elongation' };
    }
    default:
      return disguiseHomoglyph(rng, word);
  }
}

/** Swaps Latin letters for look-alike Cyrillic ones (kill → кіll). */
export function disguiseHomoglyph(rng: RandomSource, word: string): Disguise {
  const letters = [...word];
  const candidates = letters.map((ch, i) => (CYRILLIC[ch.toLowerCase()] ? i : -1)).filter((i) => i >= 0);
  if (candidates.length === 0) return { text: letters.join('.'), tag: 'obfuscation_dotted' };
  const first = rng.pick(candidates);
  const chosen = new Set([first]);
  if (candidates.length > 1 && rng.chance(0.5)) chosen.add(rng.pick(candidates.filter((i) => i !== first)));
  for (const i of chosen) {
    const ch = letters[i]!;
    const look = CYRILLIC[ch.toLowerCase()]!;
    letters[i] = ch === ch.toLowerCase() ? look : look.toUpperCase();
  }
  return { text: letters.join(''), tag: 'homoglyph' };
}

function disguiseArabic(rng: RandomSource, word: string): Disguise {
  // A letter keeps its shadda or vowel mark: spacing must not strand a mark on its own.
  const letters = word.match(/.[\u064b-\u0652]*/gu) ?? [...word];
  const method = rng.pick(['spaced', 'tatweel', 'tatweel', 'elongation', 'persian', 'dotted']);
  switch (method) {
    case 'spaced':
      return { text: letters.join(' '), tag: 'obfuscation_spaced' };
    case 'dotted':
      return { text: letters.join('.'), tag: 'obfuscation_dotted' };
    case 'elongation': {
      const at = letters.length > 2 ? rng.int(1, letters.length - 2) : letters.length - 1;
      letters[at] = letters[at]!.repeat(rng.int(3, 5));
      return { text: letters.join(''), tag: 'elongation' };
    }
    case 'persian': {
      const out = letters.map((ch) => PERSIAN[ch] ?? ch).join('');
      if (out !== word) return { text: out, tag: 'homoglyph' };
      return disguiseArabic(rng, word);
    }
    default:
      return disguiseTatweel(rng, word);
  }
}

/** Stretches an Arabic word with tatweel (قتل → قـتـل). */
export function disguiseTatweel(rng: RandomSource, word: string): Disguise {
  const letters = [...word];
  const n = rng.int(1, 3);
  const out = letters
    .map((ch, i) => {
      const next = letters[i + 1];
      const joins = next !== undefined && /[\u0621-\u064a]/.test(next) && !NON_JOINING.has(ch) && /[\u0621-\u064a]/.test(ch);
      return joins ? ch + 'ـ'.repeat(n) : ch;
    })
    .join('');
  return { text: out, tag: 'tatweel' };
}

/** Disguises a threat word the way posters dodge keyword filters: spacing, dots, leet, elongation, homoglyphs. */
export function disguiseThreatWord(rng: RandomSource, phrase: string, script: 'en' | 'ar' | 'arabizi'): Disguise {
  const { before, word, after } = longestWord(phrase);
  const d = isArabic(word) ? disguiseArabic(rng, word) : disguiseLatin(rng, word, script === 'en');
  return { text: before + d.text + after, tag: d.tag };
}

/** Disguises a place name in ways a normalizing matcher still reads: homoglyphs, tatweel, case. */
export function disguisePlaceName(rng: RandomSource, name: string): Disguise {
  if (isArabic(name)) {
    if (rng.chance(0.5)) return disguiseTatweel(rng, name);
    const out = [...name].map((ch) => PERSIAN[ch] ?? ch).join('');
    return out !== name ? { text: out, tag: 'homoglyph' } : disguiseTatweel(rng, name);
  }
  if (rng.chance(0.35)) return { text: name.toUpperCase(), tag: 'case_change' };
  return disguiseHomoglyph(rng, name);
}
