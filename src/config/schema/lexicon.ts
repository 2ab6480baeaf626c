import { z } from 'zod';
import { languageSchema, slugSchema, threatCategorySchema } from './common.js';

/**
 * A threat phrase in the operators' pattern language (never a regular expression):
 * plain words match as words; `[word]` is optional; `*` stands for exactly one word and
 * `**` for up to three; `a|b` inside a word slot is a choice ("kill|slaughter"); ` || ` between
 * whole phrases is a choice of phrases ("according to || reportedly"). A trailing `+` inflects a verb: English kill+ → kills, killed, killing; Arabic قتل+ → هنقتلكم,
 * يقتلوا, قتلوهم, بيتقتل… (future/aspect, person and pronoun affixes); Arabizi 2tl+ likewise on the
 * consonant skeleton. `@target` is a named place or its people ("kill @target"); a place phrase
 * ("the residents of Darat Izza") also counts as ONE word for `*` and `**`.
 * Words are normalized like posts (case, diacritics, hamza forms, elongation), so write them plainly.
 */
export const phraseSchema = z
  .object({
    id: slugSchema.optional(),
    pattern: z.string().min(1).max(1000),
    category: threatCategorySchema,
    weight: z.number().min(0).max(1),
    /** True when the phrase names its target itself ("their blood is permitted") so linking may be looser. */
    self_targeting: z.boolean().default(false),
    /** True for life/mercy phrases that threaten only when negated ("do not deserve to live"). */
    needs_negation: z.boolean().default(false),
    /** True for phrases that cut a place off from what it lives on (water, power, roads, bread, aid, its homes and land): imposed with intent or terms, a punishment stated outright. */
    deprivation: z.boolean().default(false),
    note: z.string().max(300).optional(),
  })
  .strict();
export type PhraseConfig = z.infer<typeof phraseSchema>;

export const lexiconFileSchema = z
  .object({
    language: languageSchema,
    phrases: z.array(phraseSchema),
    /** Real words that typo-tolerant matching must never read as a lexicon word ("skill" ≠ "kill"). */
    fuzzy_exclude: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type LexiconFile = z.infer<typeof lexiconFileSchema>;

export const lexiconIdSchema = slugSchema;
