/**
 * Contrast rows: the threat templates' frames with a benign predicate (see contrast-banks.ts), all
 * labelled not_threat, category `contrast`, not hard negatives (no harm vocabulary), `contrast_of:
 * threat`. Drawn with their own seeded PRNG so the rows before them in the file are unchanged.
 */
import { CONTRAST_BANKS, CONTRAST_FRAMES, type ContrastGroup } from './contrast-banks.js';
import type { ExampleRow, Lang, LanguageBank } from './example-types.js';
import { INVENTED_PLACES, type InventedPlace } from './invented-places.js';
import { BANKS } from './language-banks.js';
import { decoratePost } from './post-decoration.js';
import { drawUnique } from './draw-unique.js';
import { placeContext } from './place-context.js';
import type { RandomSource } from './random-source.js';
import { expandTemplate, templateTags } from './template-expansion.js';

const frameSet = new Set<string>(CONTRAST_FRAMES);

/** The frame a template is balanced on: its first tag, which must be a contrast frame. */
function frameOf(template: string): string {
  const first = templateTags(template).tags[0];
  if (!first || !frameSet.has(first)) throw new Error(`contrast template without a leading frame tag: ${template}`);
  return first;
}

/** "the Mirwahis" / "Mirwahis" / "المراوحة": a plural demonym of the place, in the bank's script. */
function demonymOf(rng: RandomSource, p: InventedPlace, script: LanguageBank['script']): string {
  const list = script === 'en' ? p.demonymPlural?.en : script === 'ar' ? p.demonymPlural?.ar : undefined;
  if (!list || list.length === 0) throw new Error(`${p.id}: no plural demonym in ${script}`);
  const d = rng.pick(list);
  return script === 'en' && rng.chance(0.5) ? `the ${d}` : d;
}

/** Draws one contrast row (without its id) in one language. */
function composeContrast(rng: RandomSource, lang: Lang): ExampleRow {
  const cbank = CONTRAST_BANKS[lang];
  const base = BANKS[lang];
  const bank: LanguageBank = { ...base, slots: { ...base.slots, ...cbank.slots } };
  const group: ContrastGroup = rng.pick(cbank.groups);
  const frames = [...new Set(group.templates.map(frameOf))];
  const frame = rng.pick(frames);
  let template = rng.pick(group.templates.filter((t) => frameOf(t) === frame));
  const withDemonym = template.includes('{PD}');
  const target = rng.pick(withDemonym ? INVENTED_PLACES.filter((p) => p.demonymPlural) : INVENTED_PLACES);
  if (withDemonym) template = template.replace('{PD}', () => demonymOf(rng, target, bank.script));
  const expansion = expandTemplate(template, {
    rng,
    bank,
    ...placeContext(rng, target),
    disguiseThreatWord: false,
    disguisePlace: rng.chance(0.05),
  });
  // "to the people of X:, see you soon" → "to the people of X: see you soon"; a demonym opening a sentence.
  let text = expansion.text.replace(/:,/g, ':');
  if (bank.script === 'en') text = text.charAt(0).toUpperCase() + text.slice(1);
  const decorated = decoratePost(rng, bank, text);
  const phenomena = new Set(['contrast', ...(group.tags ?? []), ...expansion.tags, ...decorated.tags]);
  if (withDemonym) phenomena.add('demonym');
  return {
    id: '',
    text: decorated.text,
    lang,
    label: 'not_threat',
    category: 'contrast',
    hard_negative: false,
    phenomena: [...phenomena].sort(),
    target_place: target.id,
    contrast_of: 'threat',
  };
}

/**
 * `perLanguage` contrast rows in each language group, none repeating a text in `seen` (which it
 * extends), shuffled together so any prefix is a fair sample; ids are left to the caller.
 */
export function generateContrasts(rng: RandomSource, perLanguage: number, seen: Set<string>): ExampleRow[] {
  return drawUnique(rng, perLanguage, seen, 'contrast', (lang) => composeContrast(rng, lang));
}
