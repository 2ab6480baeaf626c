import { z } from 'zod';
import { languageSchema } from './common.js';

/** Kinds of context that lower or veto a threat score. */
export const modifierKindSchema = z.enum([
  'negation',
  'reported_speech',
  'counter_speech',
  'hypothetical',
  'past',
  'non_violent',
  'question',
]);
export type ModifierKind = z.infer<typeof modifierKindSchema>;

/** Cue phrases use the same pattern language as the lexicon. */
export const modifierCueSchema = z
  .object({
    kind: modifierKindSchema,
    language: languageSchema,
    pattern: z.string().min(1).max(200),
    /** Multiplier applied to the threat score; 0 vetoes. */
    factor: z.number().min(0).max(1),
    /** Words around a threat signal in which the cue counts; the default depends on the kind. */
    window: z.number().int().min(1).max(60).optional(),
    note: z.string().max(300).optional(),
  })
  .strict();
export type ModifierCueConfig = z.infer<typeof modifierCueSchema>;

export const modifiersFileSchema = z.object({ cues: z.array(modifierCueSchema) }).strict();
export type ModifiersFile = z.infer<typeof modifiersFileSchema>;
