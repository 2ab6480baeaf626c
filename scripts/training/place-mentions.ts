import { disguisePlaceName } from './obfuscation.js';
import type { Lang } from './example-types.js';
import type { InventedPlace } from './invented-places.js';
import type { RandomSource } from './random-source.js';

/** How a place appears in a text: its name, its people, its people addressed, or a hashtag. */
export type MentionForm = 'P' | 'PN' | 'PP' | 'PV' | 'PH';

export interface Mention {
  readonly text: string;
  readonly tags: readonly string[];
}

export interface MentionOptions {
  readonly lang: Lang;
  readonly script: 'en' | 'ar' | 'arabizi';
  /** Disguise the name itself (homoglyphs, tatweel, case). */
  readonly disguise: boolean;
  /** Allow the "village X near town Y" form (never for the second, merely mentioned place). */
  readonly allowParent: boolean;
}

// Frames around a name. `X` stands for the name; each frame is one a matcher reads as "the people of X".
const PEOPLE: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    'the people of X',
    'people in X',
    'the residents of X',
    'families in X',
    'X people',
    'those from X',
    'X folks',
    'the men of X',
    'the youth of X',
    'the inhabitants of X',
    'X residents',
    'the villagers of X',
    'the families of X',
  ],
  ar: ['أهالي X', 'سكان X', 'أهل X', 'أبناء X', 'مواطني X', 'سكان X', 'أهالي X', 'قاطني X'],
  'ar-lev': ['أهل X', 'أهالي X', 'ناس X', 'شباب X', 'ولاد X', 'أهل X', 'عيلات X', 'اللي من X'],
  'ar-other': ['أهل X', 'أهالي X', 'ناس X', 'عيال X', 'ولاد X', 'سكان X', 'رجال X'],
  arabizi: ['ahl X', 'ahali X', 'nas X', 'shabab X', 'wlad X', 'ahl X', 'sokkan X', '3yal X'],
};

const VOCATIVE: Readonly<Record<Lang, readonly string[]>> = {
  en: ['people of X', 'O people of X', 'you people of X', 'residents of X', 'hey X people', 'to the people of X:', 'all you folks in X'],
  ar: ['يا أهالي X', 'يا أهل X', 'يا سكان X', 'أيها الأهالي في X', 'يا أبناء X'],
  'ar-lev': ['يا أهل X', 'يا أهالي X', 'يا ولاد X', 'يا شباب X', 'يا ناس X'],
  'ar-other': ['يا أهل X', 'يا أهالي X', 'يا ناس X', 'يا عيال X', 'يا ولاد X'],
  arabizi: ['ya ahl X', 'ya ahali X', 'ya nas X', 'ya wlad X', 'ya shabab X'],
};

const VILLAGE_OF: Readonly<Record<'en' | 'ar' | 'arabizi', Readonly<Record<string, readonly string[]>>>> = {
  en: {
    village: ['the village of X near Y', 'X village near Y', 'X in the Y countryside', 'X (Y countryside)', 'X in rural Y'],
    neighbourhood: ['X in Y', 'the X neighbourhood of Y', 'X, Y'],
    camp: ['X near Y', 'X outside Y'],
  },
  ar: {
    village: ['قرية X في ريف Y', 'X التابعة لناحية Y', 'قرية X قرب Y', 'X في ريف Y'],
    neighbourhood: ['X في مدينة Y', 'X في Y', 'X وسط Y'],
    camp: ['X قرب Y', 'X على أطراف Y'],
  },
  arabizi: {
    village: ['day3et X 7ad Y', 'X b reef Y', 'X (reef Y)', 'X janb Y'],
    neighbourhood: ['X b Y', 'X (Y)', 'X bi Y'],
    camp: ['X janb Y', 'X 3a taraf Y'],
  },
};

/** An alias of the place in a script: usually the main name, sometimes a variant spelling. */
function aliasOf(rng: RandomSource, p: InventedPlace, script: 'en' | 'ar' | 'arabizi'): string {
  const list = p.aliases[script];
  return rng.chance(0.55) ? list[0]! : rng.pick(list);
}

/** The joined hashtag of a name: #KafrHasmeen, #كفر_حسمين, #kafr7asmeen. */
export function hashtagOf(name: string, script: 'en' | 'ar' | 'arabizi'): string {
  if (script === 'ar') return '#' + name.replace(/\s+/g, '_');
  const joined = name
    .replace(/['’]/g, '')
    .split(/[\s-]+/)
    .map((w) => (script === 'en' ? w.charAt(0).toUpperCase() + w.slice(1) : w))
    .join('');
  return '#' + joined;
}

/** Renders a place in one of its mention forms, with the phenomena that form shows. */
export function renderMention(rng: RandomSource, p: InventedPlace, form: MentionForm, parent: InventedPlace | undefined, opts: MentionOptions): Mention {
  const tags: string[] = [];
  let name = aliasOf(rng, p, opts.script);
  if (opts.disguise) {
    const d = disguisePlaceName(rng, name);
    name = d.text;
    tags.push('obfuscated_place', d.tag);
  }
  const demonyms = opts.script === 'arabizi' ? undefined : p.demonymPlural?.[opts.script];
  switch (form) {
    case 'PH':
      tags.push('hashtag');
      return { text: hashtagOf(name, opts.script), tags };
    case 'PV':
      tags.push('vocative');
      return { text: rng.pick(VOCATIVE[opts.lang]).replace('X', () => name), tags };
    case 'PN':
      return { text: name, tags };
    case 'PP':
      if (demonyms && demonyms.length > 0 && !opts.disguise && rng.chance(0.3)) {
        tags.push('demonym');
        const d = rng.pick(demonyms);
        return { text: opts.script === 'en' ? (rng.chance(0.5) ? 'the ' + d : d) : d, tags };
      }
      return { text: rng.pick(PEOPLE[opts.lang].filter((f) => p.kind === 'village' || !f.includes('villagers'))).replace('X', () => name), tags };
    case 'P':
    default:
      if (opts.allowParent && parent && rng.chance(0.35)) {
        tags.push('village_of_town');
        const frames = VILLAGE_OF[opts.script][p.kind] ?? VILLAGE_OF[opts.script]['village']!;
        const bare = opts.script === 'ar' ? name.replace(/^(قرية|مخيم)\s+/, '') : name;
        const parentName = aliasOf(rng, parent, opts.script);
        return { text: rng.pick(frames).replace(/[XY]/g, (slot) => (slot === 'X' ? bare : parentName)), tags };
      }
      if (opts.allowParent && rng.chance(0.07)) {
        tags.push('hashtag');
        return { text: hashtagOf(name, opts.script), tags };
      }
      return { text: name, tags };
  }
}
