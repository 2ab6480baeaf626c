import { z } from 'zod';
import { issueReason, type DraftOrReason } from '../page-items.js';
import { bskyPermalink, postRecordSchema, recordLinks, recordMedia } from './bluesky-post.js';

export const POST_COLLECTION = 'app.bsky.feed.post';

/** A Jetstream event: commits carry records; identity and account events carry none. */
const eventSchema = z
  .object({
    did: z.string().regex(/^did:/, 'expected a DID'),
    time_us: z.number().int().nonnegative(),
    kind: z.string(),
    commit: z
      .object({
        operation: z.enum(['create', 'update', 'delete']),
        collection: z.string(),
        rkey: z.string().min(1).max(512),
        record: z.unknown().optional(),
        cid: z.string().nullish(),
      })
      .loose()
      .optional(),
  })
  .loose();

/** The cursor of an event (its time_us), when it has one; used even for events that are not posts. */
export function eventTimeUs(item: unknown): number | null {
  const t = (item as { time_us?: unknown } | null)?.time_us;
  return typeof t === 'number' && Number.isSafeInteger(t) && t >= 0 ? t : null;
}

/**
 * Reads one Jetstream event into a draft: a created post, an edit (update, marked edited) or a
 * deletion (deleted marker, no text). Null for events that are not about posts.
 */
export function jetstreamEventToDraft(item: unknown, langHint: string | null): DraftOrReason | null {
  const parsed = eventSchema.safeParse(item);
  if (!parsed.success) return { reason: issueReason(parsed.error.issues) };
  const event = parsed.data;
  if (event.kind !== 'commit' || !event.commit || event.commit.collection !== POST_COLLECTION) return null;
  const { operation, rkey } = event.commit;
  const base = {
    externalId: `at://${event.did}/${POST_COLLECTION}/${rkey}`,
    author: { id: event.did, handle: null, displayName: null },
    url: bskyPermalink(event.did, rkey),
    raw: item,
  };
  const seenAt = new Date(Math.floor(event.time_us / 1000)).toISOString();
  if (operation === 'delete') return { ...base, text: '', published: seenAt, deleted: true };
  const record = postRecordSchema.safeParse(event.commit.record);
  if (!record.success) return { reason: `commit.record.${issueReason(record.error.issues)}` };
  return {
    ...base,
    text: record.data.text,
    lang: record.data.langs?.[0] ?? null,
    langHint,
    published: record.data.createdAt ?? null,
    // The relay's own time for the event stands in for a record without createdAt.
    fallbackPublished: seenAt,
    links: recordLinks(record.data),
    media: recordMedia(event.did, record.data.embed),
    edited: operation === 'update',
  };
}
