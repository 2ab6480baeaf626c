import { arabicKey, arabiziSkeleton, latinKey, skeletonConsonants, squeeze } from '../text/index.js';

/**
 * Inflection of lexicon words written with a trailing `+` ("kill+", "قتل+", "2tl+"). The forms are
 * generated once at compile time, so the matcher stays a plain key lookup: no stemming per post.
 */

/** Arabic verb prefixes, composed as aspect/future (ه ح ب س ل) + person (ا ن ت ي) + passive ت/ن (يتقتل, ينمسح). */
const AR_ASPECT = ['', 'ه', 'ح', 'ب', 'س', 'ل'];
const AR_PERSON = ['', 'ا', 'ن', 'ت', 'ي'];
const AR_VOICE = ['', 'ت', 'ن'];
/** Levantine first person plural present: مـنـ (منقتل, منقوص = we kill, we shoot). */
const AR_LEVANTINE_WE = 'من';
/** Subject endings and object pronouns as they attach to verbs in MSA, Levantine and Egyptian. */
const AR_SUFFIXES = [
  '',
  'و',
  'وا',
  'ون',
  'ين',
  'ي',
  'ه',
  'ها',
  'هم',
  'هن',
  'ك',
  'كم',
  'كو',
  'كي',
  'ني',
  'نا',
  'ت',
  'تم',
  'تو',
  'وه',
  'وها',
  'وهم',
  'وك',
  'وكم',
  'وكو',
  'وني',
  'ونا',
  'ن',
  'ينا',
  'يت',
  'يتو',
  'وهن',
  'كوا',
  'هون',
  'ان',
  'نه',
  // Levantine plural "you" and "them": ندبحكن، نطخكن، قتلوكن، ذبحوهن.
  'كن',
  'وكن',
  // Levantine dative clitics: نقطعلو راسو, منحرقلكن البيت, بنكسرلهم ايديهم (we cut off his head for him).
  'لو',
  'له',
  'لها',
  'لهم',
  'لكم',
  'لكن',
  'لن',
  'ولو',
  'ولهم',
];

/** Dialect spellings of one Arabic word: Egyptian/Levantine hamza for ق (اقتل → أأتل), ز for ذ (عذب → عزب). */
export function arabicSpellings(word: string): string[] {
  const out = new Set([word]);
  // Only near the start (اقتل → أأتل, قص → أص): elsewhere ق→ا makes real words (عاقب → عاب).
  const q = word.indexOf('ق');
  if (q === 0 || q === 1) out.add(word.slice(0, q) + 'ا' + word.slice(q + 1));
  if (word.includes('ذ')) out.add(word.replaceAll('ذ', 'ز'));
  if (word.includes('ث')) out.add(word.replaceAll('ث', 'س'));
  return [...out];
}

/**
 * The Bedouin, Gulf, Sudanese and Libyan ق pronounced g and written ك (نكتل = نقتل, يكطع = يقطع):
 * the stem's spelling with its initial ق as ك.
 */
function gafSpellings(stem: string): string[] {
  // Initial ق only: inside a stem the ك form is often another common verb (حرق burn → حرك move).
  return stem.startsWith('ق') || stem.startsWith('اق') ? [stem.replace('ق', 'ك')] : [];
}

/**
 * Every key of an Arabic verb stem with its prefixes and suffixes (قتل → هنقتلكم, يقتلوا, قتلوهم…).
 * With `personRequired` (a stem written `بيد++`) only forms with a person prefix are made (نبيد,
 * سنبيدهم, ابيدوا): for short stems whose bare forms are other words (بيد = by hand, بيدهم).
 */
export function arabicVerbKeys(stem: string, personRequired = false): string[] {
  const keys = new Set<string>();
  const gaf = gafSpellings(stem);
  for (const spelled of [...arabicSpellings(stem), ...gaf]) {
    // A ك-for-ق stem bare is another word (كتل = blocs): only its prefixed forms are the verb.
    const prefixOnly = personRequired || gaf.includes(spelled);
    for (const a of AR_ASPECT)
      for (const p of AR_PERSON) {
        if (prefixOnly && p === '') continue;
        for (const v of AR_VOICE) {
          const prefix = a + p + v;
          for (const s of AR_SUFFIXES) keys.add(arabicKey(prefix + spelled + s));
        }
      }
    for (const v of AR_VOICE) for (const s of AR_SUFFIXES) keys.add(arabicKey(AR_LEVANTINE_WE + v + spelled + s));
  }
  return [...keys];
}

/** Keys of a plain Arabic word, with its dialect spellings. */
export function arabicWordKeys(word: string): string[] {
  return [...new Set(arabicSpellings(word).map(arabicKey))];
}

/** English inflections: kill → kills, killed, killing, killer(s); die → dies, died, dying handled by `ie`. */
export function englishVerbKeys(word: string): string[] {
  const forms = [word, `${word}s`, `${word}es`, `${word}ed`, `${word}d`, `${word}ing`, `${word}er`, `${word}ers`];
  if (word.endsWith('e')) forms.push(`${word.slice(0, -1)}ing`, `${word.slice(0, -1)}er`);
  if (word.endsWith('ie')) forms.push(`${word.slice(0, -2)}ying`);
  if (word.endsWith('y')) forms.push(`${word.slice(0, -1)}ies`, `${word.slice(0, -1)}ied`);
  return [...new Set(forms.map((f) => latinKey(f)))];
}

/** Future/aspect + person (+ passive n/t: ten7ere2 = it will be burnt), Egyptian and Levantine. */
const ARABIZI_PREFIXES = [
  '',
  'h',
  'hn',
  'ht',
  'hy',
  'b',
  'bn',
  'bt',
  'by',
  'n',
  't',
  'y',
  'l',
  'm',
  'mn',
  'tn',
  'yn',
  'btn',
  'byn',
  'htn',
  'hyn',
  'ytn',
  'tt',
  'yt',
];
/** Subject endings and object pronouns; kn/kon and hn/hon are the Levantine plural "you"/"them". */
const ARABIZI_SUFFIXES = [
  '',
  'k',
  'km',
  'kw',
  'hm',
  'h',
  'w',
  'n',
  'y',
  'ny',
  'wk',
  'whm',
  'hn',
  't',
  'tm',
  'kmsh',
  'sh',
  'kn',
  'wkn',
  'whn',
  'l',
  'lkn',
  'lkm',
];

/** Skeleton keys of an Arabizi verb stem with Egyptian/Levantine prefixes and pronoun suffixes. */
export function arabiziVerbKeys(word: string): string[] {
  const stem = arabiziSkeleton(word).slice(1);
  // A stem of two consonants with the dative l is a three-consonant word of another root: to5 + l
  // (طخّله, shoot for him) is t5l, the skeleton of t5allu (تخلّوا, leave). Short stems take no dative.
  const short = skeletonConsonants(stem) <= 2;
  const keys = new Set<string>();
  for (const p of ARABIZI_PREFIXES) for (const s of ARABIZI_SUFFIXES) if (!(short && s.startsWith('l'))) keys.add(`~${squeeze(p + stem + s)}`);
  return [...keys];
}
