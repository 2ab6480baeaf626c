import { z } from 'zod';
import { slugSchema } from './common.js';

const phraseList = z.array(z.string().min(1).max(120)).default([]);

/** Names of a place in each script; Arabizi is Latin-script Arabic ("darat 3azza"). */
const namesByLanguageSchema = z.object({ en: phraseList, ar: phraseList, arabizi: phraseList }).partial().strict();

/** Resident frames use the lexicon's pattern language, so they may be longer than a name. */
const framesByLanguageSchema = z
  .object({
    en: z.array(z.string().min(1).max(1000)).default([]),
    ar: z.array(z.string().min(1).max(1000)).default([]),
    arabizi: z.array(z.string().min(1).max(1000)).default([]),
  })
  .partial()
  .strict();

/**
 * One monitored place (town, village, neighbourhood). A place with `parent` rolls up to it:
 * a threat against a neighbourhood is an alert for the town as well.
 */
export const placeSchema = z
  .object({
    id: slugSchema,
    name: z.string().min(1).max(120),
    name_ar: z.string().min(1).max(120).optional(),
    kind: z.enum(['town', 'city', 'village', 'neighbourhood', 'district', 'camp', 'region']).default('town'),
    parent: slugSchema.optional(),
    region: z.string().max(120).optional(),
    /** Whether alerts are raised for this place (unmonitored places are still recognised, never alerted). */
    monitored: z.boolean().default(true),
    aliases: namesByLanguageSchema.default({}),
    /** Words for the people of the place: "Saraqibi", "سراقبي"; "people of X" forms are generated. */
    demonyms: namesByLanguageSchema.default({}),
    /** Latin aliases that fuzzy matching may not match (false friends, common words). */
    fuzzy_exclude: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type PlaceConfig = z.infer<typeof placeSchema>;

export const placesFileSchema = z
  .object({
    places: z.array(placeSchema),
    /** Words that look like a place name but must never count as one ("dar", "izza" alone). */
    common_words: z.array(z.string()).default([]),
    /**
     * Phrases that turn a place into its people: `before` ("people of", "أهالي", "ya ahl") and
     * `after` ("people", "residents") the name. Matched around every place name, so
     * "the residents of Saraqib" and "لأهالي سراقب" need no entry of their own.
     */
    resident_frames: z
      .object({ before: framesByLanguageSchema.default({}), after: framesByLanguageSchema.default({}) })
      .strict()
      .default({ before: {}, after: {} }),
    /** Words of direct address before a place or its people (يا، ya, o): the threat is spoken to them. */
    vocatives: z.array(z.string()).default([]),
    /** Pronouns that refer back to a group named in a neighbouring sentence ("them", "دول"). */
    anaphora: namesByLanguageSchema.default({}),
  })
  .strict();
export type PlacesFile = z.infer<typeof placesFileSchema>;
