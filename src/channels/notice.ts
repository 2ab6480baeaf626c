import { z } from 'zod';

/** The stored payload of an alert notification, parsed at the notifier boundary. */
export const alertNoticeSchema = z.object({
  // Embedded PGlite hands bigint ids over as numbers; the message always shows the text form.
  alertId: z.coerce.string(),
  event: z.string(),
  place: z.string(),
  placeName: z.string(),
  severity: z.string(),
  category: z.string(),
  postCount: z.number().int().nonnegative(),
  distinctAuthors: z.number().int().nonnegative(),
  campaign: z.boolean().default(false),
  link: z.string(),
  escalation: z.object({ policy: z.string(), step: z.number().int(), tier: z.number().int(), unacknowledgedMinutes: z.number() }).optional(),
});
export type AlertNotice = z.infer<typeof alertNoticeSchema>;

/** The stored payload of a digest: the alerts a subscription saw in one period. */
export const digestNoticeSchema = z.object({
  every: z.enum(['hourly', 'daily']),
  periodStart: z.string(),
  periodEnd: z.string(),
  link: z.string(),
  alerts: z.array(alertNoticeSchema).max(500),
  /** Alerts beyond the listed ones (a digest stays bounded in size). */
  more: z.number().int().nonnegative().default(0),
});
export type DigestNotice = z.infer<typeof digestNoticeSchema>;

export type Notice = { readonly kind: 'alert'; readonly alert: AlertNotice } | { readonly kind: 'digest'; readonly digest: DigestNotice };

/** Parses a notification row's payload by its event; a malformed payload is a permanent failure. */
export function parseNotice(event: string, payload: unknown): Notice {
  if (event === 'digest') return { kind: 'digest', digest: digestNoticeSchema.parse(payload) };
  return { kind: 'alert', alert: alertNoticeSchema.parse(payload) };
}
