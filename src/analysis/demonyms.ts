import type { PlaceConfig } from '../config/index.js';
import { normalizeText } from '../text/index.js';

/**
 * Demonyms derived from a place's one-word names, so that "the Saraqibis", السراقبية or "ya
 * taftanaziye" are found for a place whose gazetteer entry lists no demonym (an operator adding a
 * town rarely writes them all). Regular patterns only:
 * - Arabic nisba: X → Xي / Xية / Xيين / Xيون; a name ending in ة or ا takes اوي (معرة → معراوي,
 *   اريحا → اريحاوي and, without its initial alef, ريحاوي);
 * - Latin (English and Arabizi): X → Xi / Xis / Xiye / Xieh / Xites (four-letter names Xi / Xis only);
 *   a name ending in a takes awi;
 * - Arabic broken plurals of the people of a town (حمص → حماصنة، دوما → دوامنة، إدلب → أدالبة،
 *   منبج → منابجة), which Levantine and Iraqi writers use as often as the nisba;
 * - the plural and feminine of a listed demonym (فلوجي → فلوجية، الفلوجيين; Fallujan → Fallujans).
 * Names of fewer than four letters and common words get none: their derived forms are too likely to
 * be ordinary words.
 */
export function derivedDemonyms(place: PlaceConfig, commonWords: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  const names = [place.name, place.name_ar, ...Object.values(place.aliases).flat()].filter((n): n is string => !!n);
  for (const raw of names) {
    const name = normalizeText(raw).text.trim();
    if (name.includes(' ') || commonWords.has(name)) continue;
    if (/^[\u0621-\u064a]+$/.test(name)) for (const d of [...arabicNisba(name), ...arabicBrokenPlural(name)]) out.add(d);
    else if (/^[a-z]+$/.test(name)) for (const d of latinDemonyms(name)) out.add(d);
  }
  const given = Object.values(place.demonyms)
    .flat()
    .map((d) => normalizeText(d).text.trim());
  for (const demonym of given) for (const form of demonymForms(demonym)) out.add(form);
  for (const demonym of given) out.delete(demonym);
  return [...out];
}

/** The feminine and plural forms of a one-word demonym an operator listed in one form. */
function demonymForms(demonym: string): string[] {
  if (demonym.includes(' ')) return [];
  if (/^[\u0621-\u064a]+$/.test(demonym)) {
    const bare = demonym.startsWith('ال') ? demonym.slice(2) : demonym;
    if (bare.length < 4 || !bare.endsWith('ي')) return [];
    return [`${bare}ه`, `${bare}ين`, `${bare}ون`, `${bare}ات`];
  }
  if (/^[a-z]+$/.test(demonym) && demonym.length >= 5 && !demonym.endsWith('s')) return [`${demonym}s`];
  return [];
}

function arabicNisba(name: string): string[] {
  const bare = name.startsWith('ال') && name.length > 5 ? name.slice(2) : name;
  if (bare.length < 4) return [];
  const stems: string[] = [];
  const last = bare[bare.length - 1]!;
  if (last === 'ة' || last === 'ه' || last === 'ا' || last === 'ى') {
    const stem = bare.slice(0, -1);
    stems.push(`${stem}ا`);
    if (stem.startsWith('ا') && stem.length >= 4) stems.push(`${stem.slice(1)}ا`);
    const nisba = stems.flatMap((s) => [`${s}وي`, `${s}وية`, `${s}ويين`, `${s}ويون`]);
    // A name in ة also drops it for the plain nisba (فلوجة → فلوجي، الفلوجيين).
    if (last === 'ة' || last === 'ه') nisba.push(`${stem}ي`, `${stem}يه`, `${stem}يين`, `${stem}يون`);
    return nisba;
  }
  return [`${bare}ي`, `${bare}ية`, `${bare}يين`, `${bare}يون`];
}

/**
 * The broken plural of a town's people: three root letters take CCاCنة (حمص → حماصنة، دوما →
 * دوامنة), four take CCاCCة (ادلب → ادالبة، منبج → منابجة). The root is the name without a final
 * vowel letter and without a long ا inside it; an initial ا is a root letter (ادلب).
 */
function arabicBrokenPlural(name: string): string[] {
  const bare = name.startsWith('ال') && name.length > 5 ? name.slice(2) : name;
  const root = [...bare.replace(/[اىةه]$/, '')].filter((c, i) => i === 0 || c !== 'ا');
  if (root.length === 3) return [`${root[0]}${root[1]}ا${root[2]}نة`];
  if (root.length === 4) return [`${root[0]}${root[1]}ا${root[2]}${root[3]}ة`];
  return [];
}

function latinDemonyms(name: string): string[] {
  // A four-letter name ending in a consonant takes the nisba and its plural only (Ma'an → Maani,
  // Maanis; Homs → Homsis): too short for the rest to be safe from ordinary words.
  if (name.length === 4 && /[^aeiouy]$/.test(name)) return [`${name}i`, `${name}is`];
  if (name.length < 5) return [];
  if (name.endsWith('a') || name.endsWith('ah')) {
    const stem = name.replace(/ah?$/, '');
    return [`${stem}awi`, `${stem}awis`, `${stem}awiye`, `${stem}awiyeh`];
  }
  return [`${name}i`, `${name}is`, `${name}iye`, `${name}iyeh`, `${name}ieh`, `${name}ites`, `${name}ite`];
}
