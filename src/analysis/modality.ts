import type { PostWord } from './post-words.js';

/**
 * Modality of a threat phrase: whether the words just before it (or its own verb's prefix or
 * form) mark intent — a future, a resolve, an obligation, an exhortation or an English imperative — as a threat does ("we WILL
 * massacre", "رح ندبحكن", "سنقتحم", "lazem n2atelhon", "let's burn"), rather than a report or a
 * description ("massacred", "the massacre of 1980"). One of the grammar's signals the model weighs.
 */

/** Free-standing markers, by their analyzer key (Latin keys are squeezed: will → wil). */
const MARKERS = new Set([
  // English
  'wil',
  'll',
  'gona',
  'gonna',
  'going',
  'shal',
  'must',
  'let',
  'lets',
  'need',
  'have',
  'should',
  'time',
  'about',
  'coming',
  // Arabic (MSA and dialects)
  'سوف',
  'رح',
  'راح',
  'ح',
  'بدنا',
  'بدي',
  'بدهم',
  'لازم',
  'يجب',
  'واجب',
  'غادي',
  'غادين',
  'باش',
  'بش',
  'ناوين',
  'ناوي',
  'حان',
  'هلق',
  'الليلة',
  'قريبا',
  // Arabizi skeletons of the same
  '~rh',
  '~bdn',
  '~bdna',
  '~lzm',
  '~ghd',
  '~bsh',
  '~qrb',
]);

/** Arabic verb prefixes of the future or of intent on the threat word itself: سنقتل, هنقتل, حنقتل, رح-ن glued. */
const AR_FUTURE_PREFIX = /^(و|ف)?(سن|سي|ست|سا|هن|هي|هت|حن|حي|حت|رحن|رحي|رحت)/;
/** Arabizi future prefixes on the threat word: ha-n2atel, 7a-ndba7, ra7-n. */
const ARABIZI_FUTURE_PREFIX = /^(hn|hy|ht|7n|7y|7t|ra7n|rahn)/;

/**
 * Words that may come before an English imperative in its clause: "go storm it", "now burn it",
 * "just end them" (Latin keys are squeezed: all → al).
 */
const IMPERATIVE_LEAD = new Set(['go', 'now', 'just', 'and', 'then', 'please', 'pls', 'everyone', 'yal', 'al', 'you', 'guys', 'brothers', 'boys']);

/**
 * An English harm verb that opens its clause in its bare form is an imperative ("Storm Taftanaz at
 * dawn", "All units: shell it", "brothers, burn it"); -ed and -ing forms report or describe.
 */
function isEnglishImperative(words: readonly PostWord[], start: number, own: string): boolean {
  const first = words[start]!;
  if (first.script !== 'lat' || /(ed|ing|s)$/.test(own) || first.keys.some((k) => k[0] === '~')) return false;
  for (let i = start - 1; i >= 0 && words[i]!.clause === first.clause; i--) if (!IMPERATIVE_LEAD.has(words[i]!.keys[0]!)) return false;
  return true;
}

/** How many words before a threat phrase a modality marker may sit (same clause). */
const WINDOW = 4;

/** Oath words (by analyzer key): after one, a verb's لـ is the emphatic of a vow (وربي لنكتل، والله لنذبحن). */
const OATHS = new Set(['واله', 'وربي', 'اقسم', 'باله', 'وحياه', 'قسما', 'walah', 'walahi']);
/** The لـ of a vow on a first- or third-person verb (لنقتل، لأذبح، ليدفعن). */
const AR_OATH_LAM = /^(و|ف)?ل(ن|ا|ي|ت)/;

/** Words that open a condition ("if", "whoever"), by analyzer key: their main clause states what follows. */
const CONDITION_OPENERS = new Set(['ادا', 'لو', 'ان', 'الي', 'يلي', 'iza', 'eza', 'law', 'lw', 'if', 'eli', 'ili', 'yali', 'whoever', 'anyone']);
/** A first-person present verb (Arabic نـ/بنـ/منـ, Arabizi n-/mn-/bn-): "we cut", said of what we will do. */
const AR_FIRST_PERSON = /^(و|ف)?(ن|بن|من)/;
const ARABIZI_FIRST_PERSON = /^(mn|bn|n)[a-z0-9]{2,}/;

/** True when the threat phrase over words [start, end) is marked as intended (future, resolve, exhortation). */
export function hasIntentModality(words: readonly PostWord[], start: number, surface: (w: PostWord) => string): boolean {
  const first = words[start];
  if (!first) return false;
  const own = surface(first);
  if (first.script === 'ar' && AR_FUTURE_PREFIX.test(own)) return true;
  if (first.script === 'lat' && ARABIZI_FUTURE_PREFIX.test(own)) return true;
  if (isEnglishImperative(words, start, own)) return true;
  for (let i = start - 1; i >= 0 && i >= start - WINDOW; i--) {
    const w = words[i]!;
    if (w.clause !== first.clause) break;
    if (w.keys.some((k) => MARKERS.has(k))) return true;
  }
  return isVowOrConsequence(words, start, own);
}

/**
 * A vow (an oath, then the verb with its emphatic لـ: وربي لنكتل) or the main clause of a condition
 * said in the first person ("iza 7ada tala3, mna2ta3 raso": if anyone goes out, we cut his head off):
 * both state what the speaker will do. Looked for earlier in the same sentence.
 */
function isVowOrConsequence(words: readonly PostWord[], start: number, own: string): boolean {
  const first = words[start]!;
  const vow = first.script === 'ar' && AR_OATH_LAM.test(own);
  const firstPerson = first.script === 'ar' ? AR_FIRST_PERSON.test(own) : ARABIZI_FIRST_PERSON.test(own);
  if (!vow && !firstPerson) return false;
  for (let i = start - 1; i >= 0; i--) {
    const w = words[i]!;
    if (w.sentence !== first.sentence) break;
    if (vow && w.keys.some((k) => OATHS.has(k))) return true;
    if (firstPerson && w.clause !== first.clause && w.keys.some((k) => CONDITION_OPENERS.has(k))) return true;
  }
  return false;
}
