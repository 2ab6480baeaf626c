import {
  SEVERITY,
  type Category,
  type ExampleRow,
  type LanguageBank,
  type NonThreatCategory,
  type TemplateGroup,
  type ThreatCategory,
} from './example-types.js';
import { INVENTED_PLACES } from './invented-places.js';
import { decoratePost } from './post-decoration.js';
import { placeContext } from './place-context.js';
import type { RandomSource } from './random-source.js';
import { expandTemplate, templateTags } from './template-expansion.js';

/** How often each threat category is drawn (before the implicit/explicit split). */
const THREAT_WEIGHTS: Readonly<Record<ThreatCategory, number>> = {
  death_threat: 20,
  call_to_attack: 19,
  takfir: 11,
  punishment: 17,
  expulsion: 15,
  intimidation: 26,
};

/** How often each non-threat category is drawn; the hard ones share the threats' vocabulary. */
const NON_THREAT_WEIGHTS: Readonly<Record<NonThreatCategory, number>> = {
  news_report: 11,
  counter_speech: 8,
  quotation: 6,
  negation: 7,
  question: 6,
  hypothetical: 5,
  past_event: 6,
  protective_vow: 5,
  sport: 6,
  weather: 4,
  idiom: 6,
  aid_or_services: 5,
  everyday: 6,
  victim_testimony: 6,
  threat_person: 7,
  rumour_denial: 5,
  joke: 4,
};

/** Share of threats with no explicit kill/attack verb (deprivation, deadlines, labels, innuendo, emoji). */
const IMPLICIT_SHARE = 0.45;

interface Candidate {
  readonly group: TemplateGroup;
  readonly template: string;
}

function candidates(groups: readonly TemplateGroup[], category: Category, implicit?: boolean): Candidate[] {
  const out: Candidate[] = [];
  for (const group of groups) {
    if (group.category !== category) continue;
    for (const template of group.templates) {
      if (implicit !== undefined && templateTags(template).tags.includes('implicit') !== implicit) continue;
      out.push({ group, template });
    }
  }
  return out;
}

/** Picks a group first, then one of its templates, so a dialect with more templates is not drawn more often. */
function pickBalanced(rng: RandomSource, list: readonly Candidate[]): Candidate {
  const groups = [...new Set(list.map((c) => c.group))];
  const group = rng.pick(groups);
  return rng.pick(list.filter((c) => c.group === group));
}

function pickThreat(rng: RandomSource, bank: LanguageBank): Candidate {
  const implicit = rng.chance(IMPLICIT_SHARE);
  const weights: Partial<Record<ThreatCategory, number>> = {};
  for (const [cat, w] of Object.entries(THREAT_WEIGHTS) as [ThreatCategory, number][]) {
    if (candidates(bank.threats, cat, implicit).length > 0) weights[cat] = w;
  }
  const cat = rng.weighted(weights as Record<ThreatCategory, number>);
  return pickBalanced(rng, candidates(bank.threats, cat, implicit));
}

function pickNonThreat(rng: RandomSource, bank: LanguageBank): Candidate {
  const weights: Partial<Record<NonThreatCategory, number>> = {};
  for (const [cat, w] of Object.entries(NON_THREAT_WEIGHTS) as [NonThreatCategory, number][]) {
    if (candidates(bank.nonThreats, cat).length > 0) weights[cat] = w;
  }
  const cat = rng.weighted(weights as Record<NonThreatCategory, number>);
  return pickBalanced(rng, candidates(bank.nonThreats, cat));
}

/** Draws one labelled example (without its id) in the bank's language. */
export function composeExample(rng: RandomSource, bank: LanguageBank, threat: boolean): ExampleRow {
  const { group, template } = threat ? pickThreat(rng, bank) : pickNonThreat(rng, bank);
  const target = rng.pick(INVENTED_PLACES);
  const templateHard = templateTags(template).tags;
  const hard = threat ? false : templateHard.includes('soft') ? false : templateHard.includes('hard') ? true : (group.hard ?? true);
  const expansion = expandTemplate(template, {
    rng,
    bank,
    ...placeContext(rng, target),
    disguiseThreatWord: rng.chance(threat ? 0.12 : hard ? 0.06 : 0),
    disguisePlace: rng.chance(0.05),
  });
  const decorated = decoratePost(rng, bank, expansion.text);
  const phenomena = new Set([...(group.tags ?? []), ...expansion.tags, ...decorated.tags]);
  phenomena.delete('soft');
  phenomena.delete('hard');
  if (threat && !phenomena.has('implicit')) phenomena.add('explicit');
  const row: ExampleRow = {
    id: '',
    text: decorated.text,
    lang: bank.lang,
    label: threat ? 'threat' : 'not_threat',
    category: group.category,
    ...(threat ? { severity: SEVERITY[group.category as ThreatCategory] } : {}),
    hard_negative: hard,
    phenomena: [...phenomena].sort(),
    target_place: target.id,
  };
  return row;
}
