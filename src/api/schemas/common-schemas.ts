import { z } from 'zod';

/** The one error shape every failure uses. */
export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), issues: z.array(z.unknown()).optional() }),
});

/** Responses every authenticated route may give besides its own. */
export const authErrors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema, 429: errorSchema };

export const idParams = z.object({ id: z.string().regex(/^\d{1,19}$/, 'expected a numeric id') });

/** A free-text note: bounded, trimmed. */
export const noteField = z.string().trim().min(1).max(2000);

/** Optional note on an action; the `_csrf` field of HTML forms is allowed alongside. */
export const actionBody = z.object({ note: noteField.optional() }).optional();
