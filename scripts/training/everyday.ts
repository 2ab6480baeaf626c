/**
 * Everyday rows: ordinary talk about life in a named place (markets, traffic, bread, power cuts,
 * exams, weddings, harvests, football, weather, lost cats…), labelled not_threat, category
 * `everyday`, not hard negatives, phenomena ["everyday", topic…]. Real traffic that names a town is
 * mostly this; without it the model met such vocabulary nowhere. Drawn with their own seeded PRNG
 * and appended after the contrast rows, so every earlier row is unchanged.
 */
import { EVERYDAY_AR } from './everyday-banks-ar.js';
import { EVERYDAY_ARABIZI } from './everyday-banks-arabizi.js';
import { EVERYDAY_EN } from './everyday-banks-en.js';
import { EVERYDAY_AR_LEV } from './everyday-banks-lev.js';
import { EVERYDAY_AR_OTHER } from './everyday-banks-other.js';
import type { EverydayBank, EverydayGroup } from './everyday-types.js';
import type { ExampleRow, Lang, LanguageBank } from './example-types.js';
import { INVENTED_PLACES, type InventedPlace } from './invented-places.js';
import { BANKS } from './language-banks.js';
import { renderMention } from './place-mentions.js';
import { decoratePost } from './post-decoration.js';
import { drawUnique } from './draw-unique.js';
import { placeContext } from './place-context.js';
import type { RandomSource } from './random-source.js';
import { expandTemplate, templateTags } from './template-expansion.js';

export const EVERYDAY_BANKS: Readonly<Record<Lang, EverydayBank>> = {
  en: EVERYDAY_EN,
  ar: EVERYDAY_AR,
  'ar-lev': EVERYDAY_AR_LEV,
  'ar-other': EVERYDAY_AR_OTHER,
  arabizi: EVERYDAY_ARABIZI,
};

function topicOf(template: string): string {
  const topic = templateTags(template).tags[0];
  if (!topic) throw new Error(`everyday template without a leading @topic: ${template}`);
  return topic;
}

/** Expands one template of the group about `target`; returns the text, its topic and its tags. */
function expandOne(rng: RandomSource, bank: LanguageBank, group: EverydayGroup, target: InventedPlace, avoidTopic?: string) {
  let template = rng.pick(group.templates);
  for (let k = 0; k < 5 && avoidTopic && topicOf(template) === avoidTopic; k++) template = rng.pick(group.templates);
  const expansion = expandTemplate(template, {
    rng,
    bank,
    ...placeContext(rng, target),
    disguiseThreatWord: false,
    disguisePlace: false,
  });
  let text = expansion.text;
  if (bank.script === 'en') text = text.charAt(0).toUpperCase() + text.slice(1);
  return { text, topic: topicOf(template), tags: expansion.tags };
}

const closeSentence = (s: string): string => (/[\p{L}\p{N}]$/u.test(s) ? `${s}.` : s);

/** Draws one everyday row (without its id) in one language. */
function composeEveryday(rng: RandomSource, lang: Lang): ExampleRow {
  const ebank = EVERYDAY_BANKS[lang];
  const base = BANKS[lang];
  const bank: LanguageBank = { ...base, slots: { ...base.slots, ...ebank.slots }, fillers: ebank.fillers };
  const group = rng.pick(ebank.groups);
  const target = rng.pick(INVENTED_PLACES);
  const first = expandOne(rng, bank, group, target);
  const topics = new Set([first.topic]);
  const tags = new Set<string>([...first.tags, ...(group.tags ?? [])]);
  let text = first.text;
  // Some posts run on: a second everyday remark about the same place.
  if (first.topic !== 'condolence' && rng.chance(0.14)) {
    const second = expandOne(rng, bank, group, target, first.topic);
    if (second.topic !== 'condolence') {
      text = `${closeSentence(text)} ${second.text}`;
      topics.add(second.topic);
      second.tags.forEach((t) => tags.add(t));
    }
  }
  // A death notice keeps its tone: no jokey opener, closer or emoji of ours.
  const sombre = topics.has('condolence');
  if (!sombre && rng.chance(0.1)) text = `${rng.pick(ebank.openers)} ${text}`;
  if (!sombre && rng.chance(0.1)) text = `${closeSentence(text)} ${rng.pick(ebank.closers)}`;
  if (!tags.has('hashtag') && rng.chance(0.1)) {
    const h = renderMention(rng, target, 'PH', undefined, { lang, script: bank.script, disguise: false, allowParent: false });
    text = `${text} ${h.text}`;
    tags.add('hashtag');
  }
  if (!sombre && rng.chance(0.08)) text = `${text} ${rng.pick(ebank.slots['e_emoji'] ?? ['🙂'])}`;
  const decorated = decoratePost(rng, bank, text);
  decorated.tags.forEach((t) => tags.add(t));
  return {
    id: '',
    text: decorated.text,
    lang,
    label: 'not_threat',
    category: 'everyday',
    hard_negative: false,
    phenomena: ['everyday', ...[...new Set([...topics, ...tags])].filter((t) => t !== 'everyday').sort()],
    target_place: target.id,
  };
}

/**
 * `perLanguage` everyday rows in each language group, none repeating a text in `seen` (which it
 * extends), shuffled together so any prefix is a fair sample; ids are left to the caller.
 */
export function generateEveryday(rng: RandomSource, perLanguage: number, seen: Set<string>): ExampleRow[] {
  return drawUnique(rng, perLanguage, seen, 'everyday row', (lang) => composeEveryday(rng, lang));
}
