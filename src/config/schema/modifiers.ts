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
  /** Frames that make the speaker own a threat despite other cues ("what's wrong with saying…", "they think I won't…"). */
  'endorsement',
  /** Vows to protect or stay with a place ("we will defend Saraqib", "سنبقى فيها"): the speaker is on its side. */
  'protective',
]);
export type ModifierKind = z.infer<typeof modifierKindSchema>;

/**
 * Cue phrases use the same pattern language as the lexicon. Four cues are built in rather than
 * spelled: `@quoted` (the threat sits inside quotation marks with text around them), `@negated_verb`
 * (Arabic circumfix negation مـ…ش on the threat verb itself: منخلصش, محأزي), `@question_mark` and
 * `@dateline` (the post opens with a news dateline: "IDLIB — 3 March:").
 */
export const modifierCueSchema = z
  .object({
    kind: modifierKindSchema,
    language: languageSchema,
    pattern: z.string().min(1).max(1000),
    /** Multiplier applied to the threat score; 0 vetoes. */
    factor: z.number().min(0).max(1),
    /** Words between the cue and a threat signal within which the cue counts (0: right next to it); the default depends on the kind. */
    window: z.number().int().min(0).max(60).optional(),
    /** Where the cue must sit relative to the threat; the default depends on the kind. */
    direction: z.enum(['before', 'after', 'any']).optional(),
    /** Unit the cue and the threat must share; the default depends on the kind. */
    scope: z.enum(['clause', 'sentence', 'post']).optional(),
    /** Modifier kinds this cue switches off (endorsement frames cancel negation, quoting, questions). */
    cancels: z.array(modifierKindSchema).default([]),
    note: z.string().max(300).optional(),
  })
  .strict();
export type ModifierCueConfig = z.infer<typeof modifierCueSchema>;

const wordsByLanguage = z
  .object({ en: z.array(z.string()).default([]), ar: z.array(z.string()).default([]), arabizi: z.array(z.string()).default([]) })
  .partial()
  .strict();

export const modifiersFileSchema = z
  .object({
    cues: z.array(modifierCueSchema),
    /** Words that open a new clause ("so", "but", "ولكدا"): negation does not reach across them. */
    clause_breaks: wordsByLanguage.optional(),
  })
  .strict();
export type ModifiersFile = z.infer<typeof modifiersFileSchema>;
