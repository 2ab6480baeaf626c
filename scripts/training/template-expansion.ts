import type { LanguageBank } from './example-types.js';
import type { InventedActor, InventedPlace } from './invented-places.js';
import { disguiseThreatWord } from './obfuscation.js';
import { renderMention, type MentionForm } from './place-mentions.js';
import type { RandomSource } from './random-source.js';

/** Everything one expansion needs: the bank, the places and actors it talks about, and what to disguise. */
export interface ExpansionContext {
  readonly rng: RandomSource;
  readonly bank: LanguageBank;
  readonly target: InventedPlace;
  readonly targetParent: InventedPlace | undefined;
  readonly other: InventedPlace;
  readonly faction: InventedActor;
  readonly person: InventedActor;
  readonly disguiseThreatWord: boolean;
  readonly disguisePlace: boolean;
}

export interface Expansion {
  readonly text: string;
  readonly tags: string[];
}

const PLACE_SLOTS: Readonly<Record<string, MentionForm>> = { P: 'P', PN: 'PN', PP: 'PP', PV: 'PV', PH: 'PH' };
const ALTERNATION = /\[([^[\]]*)\]/;
const SLOT = /\{([A-Za-z_0-9]+)\}/;

/** Splits a template's leading `@tag,tag ` off its text. */
export function templateTags(template: string): { tags: string[]; body: string } {
  const m = /^@([a-z_,:-]+)\s+/.exec(template);
  if (!m) return { tags: [], body: template };
  return { tags: m[1]!.split(',').filter(Boolean), body: template.slice(m[0].length) };
}

/** Expands one template into a text: choices, slots, place mentions and (maybe) one disguised threat word. */
export function expandTemplate(template: string, ctx: ExpansionContext): Expansion {
  const { rng, bank } = ctx;
  const { tags, body } = templateTags(template);
  let text = body;
  let placeDisguised = false;
  for (let guard = 0; guard < 200; guard++) {
    const alt = ALTERNATION.exec(text);
    if (alt) {
      text = text.slice(0, alt.index) + rng.pick(alt[1]!.split('|')) + text.slice(alt.index + alt[0].length);
      continue;
    }
    const slot = SLOT.exec(text);
    if (!slot) break;
    const name = slot[1]!;
    let value: string;
    const form = PLACE_SLOTS[name];
    if (form) {
      const disguise: boolean = ctx.disguisePlace && !placeDisguised;
      placeDisguised ||= disguise;
      const m = renderMention(rng, ctx.target, form, ctx.targetParent, { lang: bank.lang, script: bank.script, disguise, allowParent: true });
      tags.push(...m.tags);
      value = m.text;
    } else if (name === 'Q' || name === 'QP') {
      const m = renderMention(rng, ctx.other, name === 'Q' ? 'P' : 'PP', undefined, {
        lang: bank.lang,
        script: bank.script,
        disguise: false,
        allowParent: false,
      });
      tags.push('two_places');
      value = m.text;
    } else if (name === 'F') {
      tags.push('names_faction');
      value = rng.pick(ctx.faction[bank.script]);
    } else if (name === 'N') {
      tags.push('names_person');
      value = rng.pick(ctx.person[bank.script]);
    } else {
      const options = bank.slots[name];
      if (!options) throw new Error(`${bank.lang}: unknown slot {${name}} in template: ${template}`);
      value = rng.pick(options);
    }
    text = text.slice(0, slot.index) + value + text.slice(slot.index + slot[0].length);
  }
  let disguised = false;
  text = text.replace(/<<([^>]+)>>/g, (_all, word: string) => {
    if (!ctx.disguiseThreatWord || disguised) return word;
    disguised = true;
    const d = disguiseThreatWord(rng, word, bank.script);
    tags.push('obfuscated_threat_word', d.tag);
    return d.text;
  });
  // "يا التفاحية" is not Arabic: a vocative before a name with the article addresses its people.
  text = text.replace(/(^|\s)يا (ال[\u0621-\u064a])/g, '$1يا أهل $2');
  return {
    text: text
      .replace(/\s+([,.!?؟،])/g, '$1')
      .replace(/\s{2,}/g, ' ')
      .trim(),
    tags,
  };
}
