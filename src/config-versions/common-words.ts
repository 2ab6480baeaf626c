import type { Language } from '../config/index.js';
import { normalizeText } from '../text/index.js';

/** Function words per language: a phrase made only of these (and wildcards) matches almost every post. */
const STOP_EN = `a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does down during each even every few for from had has have he her here hers
him his how i if in into is it its just me more most much my no nor not now of off on once only or other our out
over own same she should so some such than that the their them then there these they this those through to too
under until up us very was we were what when where which while who whom why will with would you your`;
const STOP_AR = `في من على الى إلى عن مع هذا هذه ذلك تلك التي الذي الذين كان كانت يكون لا ما لم لن ان أن إن او أو ثم كل
بعض هو هي هم نحن انا أنا انت أنت هناك هنا قد لقد اي أي بين عند حتى بعد قبل فوق تحت يا و ف ب ل ك اللي يلي شو ايش
مش مو بس كمان لسه هلق هيك`;
const STOP_ARABIZI = `w wa fi fe min mn men 3ala 3la ala ma la lal el al l ya ana enta enti ento hwe hye homa e7na
mesh msh bas kaman hek hon honik shu sho eh aw ba3d abl ma3 kol kel`;

/** Everyday nouns and verbs, and the generic words of Syrian place names (bab "door", tal "hill"). */
const EVERYDAY = `back day first get go good got know like made make many new old one people said say see take time two
way well year city town village camp north south east west centre center market station bridge hill spring river
lake valley road street square home hope peace water fire light love life land sun moon star garden door gate
church mosque school farm field mill tower castle fort
باب تل عين جسر سوق بلد مدينة قرية ضيعة مخيم حي شارع ساحة نهر جبل دار بيت
bab tal 3ain 3en jisr souq soo2 balad madine day3a mokhayam 7ay share3 sa7a nahr jabal dar beit bet`;

const words = (text: string) =>
  new Set(
    text
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => normalizeText(w).text.trim()),
  );

/** Function words by language (normalized like post words). */
export const STOP_WORDS: Readonly<Record<Language, ReadonlySet<string>>> = {
  en: words(STOP_EN),
  ar: words(STOP_AR),
  arabizi: words(STOP_ARABIZI),
};

const ALL_STOP = new Set([...STOP_WORDS.en, ...STOP_WORDS.ar, ...STOP_WORDS.arabizi]);
const EVERYDAY_WORDS = words(EVERYDAY);

/** Whether a (normalized) word is a function word in any language we know. */
export function isStopWord(word: string): boolean {
  return ALL_STOP.has(word);
}

/** Whether a (normalized) single word is an everyday word: it must not stand alone as a place name. */
export function isCommonWord(word: string): boolean {
  return ALL_STOP.has(word) || EVERYDAY_WORDS.has(word);
}
