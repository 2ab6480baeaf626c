import { threatCategorySchema } from '../config/index.js';
import { modifierKindSchema } from '../config/schema/modifiers.js';
import type { Analysis } from './types.js';

/** Names of the entries of {@link analysisFeatures}, in order: a stable input layout for a later model. */
export const FEATURE_NAMES: readonly string[] = [
  'score',
  'target_count',
  'place_count',
  'signal_count',
  ...threatCategorySchema.options.map((c) => `max_weight_${c}`),
  ...modifierKindSchema.options.map((k) => `min_factor_${k}`),
  'linked_direct',
  'linked_neighbour_sentence',
];

/**
 * The rule signals of an analysis as a fixed-length numeric vector, so that a statistical model can
 * later be trained on them (and on text features) without re-running the rules differently.
 */
export function analysisFeatures(analysis: Analysis): number[] {
  const maxWeight = new Map<string, number>();
  for (const s of analysis.signals) maxWeight.set(s.category, Math.max(maxWeight.get(s.category) ?? 0, s.weight));
  const minFactor = new Map<string, number>();
  for (const m of analysis.modifiers) minFactor.set(m.kind, Math.min(minFactor.get(m.kind) ?? 1, m.factor));
  const linkedBy = analysis.targets.map((t) => t.linkedBy);
  return [
    analysis.score,
    analysis.targets.length,
    analysis.places.length,
    analysis.signals.length,
    ...threatCategorySchema.options.map((c) => maxWeight.get(c) ?? 0),
    ...modifierKindSchema.options.map((k) => minFactor.get(k) ?? 1),
    linkedBy.some((l) => l === 'named in the threat' || l === 'same clause' || l === 'direct address') ? 1 : 0,
    linkedBy.some((l) => l.startsWith('pronoun')) ? 1 : 0,
  ];
}
