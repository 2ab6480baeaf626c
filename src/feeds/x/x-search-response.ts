import { z } from 'zod';
import { tidyWhitespace } from '../html-to-text.js';
import { payloadShapeError } from '../json/json-payload.js';
import { issueReason, type DraftOrReason } from '../page-items.js';
import { snowflakeTime } from './snowflake-time.js';

const text = z.string().nullish();

const tweetSchema = z
  .object({
    id: z.string().regex(/^\d{1,25}$/, 'expected a numeric id'),
    text: z.string(),
    author_id: text,
    // Only present when the request asked for tweet.fields=created_at; the id carries the time anyway.
    created_at: text,
    lang: text,
    edit_history_tweet_ids: z.array(z.string()).nullish(),
    note_tweet: z.object({ text: z.string() }).loose().nullish(),
    entities: z
      .object({ urls: z.array(z.object({ url: text, expanded_url: text, unwound_url: text }).loose()).nullish() })
      .loose()
      .nullish(),
    attachments: z
      .object({ media_keys: z.array(z.string()).nullish() })
      .loose()
      .nullish(),
  })
  .loose();

const userSchema = z.object({ id: z.string(), username: text, name: text }).loose();
const mediaSchema = z.object({ media_key: z.string(), url: text, preview_image_url: text }).loose();

const responseSchema = z
  .object({
    data: z.array(z.unknown()).nullish(),
    includes: z
      .object({ users: z.array(z.unknown()).nullish(), media: z.array(z.unknown()).nullish() })
      .loose()
      .nullish(),
    meta: z.object({ newest_id: text, oldest_id: text, result_count: z.number().nullish(), next_token: text }).loose().nullish(),
    errors: z.array(z.object({ title: text, detail: text, message: text }).loose()).nullish(),
  })
  .loose();

export type XUser = z.infer<typeof userSchema>;
type XMedia = z.infer<typeof mediaSchema>;

/** A search page: tweets, the users and media they reference (by id), and paging meta. */
export interface XSearchPage {
  readonly tweets: readonly unknown[];
  readonly users: ReadonlyMap<string, XUser>;
  readonly media: ReadonlyMap<string, XMedia>;
  readonly newestId: string | null;
  readonly nextToken: string | null;
}

function indexBy<T extends { id?: string; media_key?: string }>(items: readonly unknown[] | null | undefined, schema: z.ZodType<T>, key: (t: T) => string) {
  const map = new Map<string, T>();
  for (const item of items ?? []) {
    const parsed = schema.safeParse(item);
    if (parsed.success) map.set(key(parsed.data), parsed.data);
  }
  return map;
}

/** Reads a /2/tweets/search/recent response; throws FEED_PARSE_FAILED when it holds neither data nor meta. */
export function readXSearchPage(json: unknown, feed: string): XSearchPage {
  const parsed = responseSchema.safeParse(json);
  if (!parsed.success) throw payloadShapeError(feed, 'an X API v2 search response ({data, includes, meta})', issueReason(parsed.error.issues));
  const page = parsed.data;
  if (!page.data && !page.meta) {
    const error = page.errors?.[0];
    throw payloadShapeError(
      feed,
      'an X API v2 search response ({data, includes, meta})',
      error ? (error.detail ?? error.title ?? error.message ?? undefined) : 'no data',
    );
  }
  return {
    tweets: page.data ?? [],
    users: indexBy(page.includes?.users, userSchema, (u) => u.id),
    media: indexBy(page.includes?.media, mediaSchema, (m) => m.media_key),
    newestId: page.meta?.newest_id ?? null,
    nextToken: page.meta?.next_token ?? null,
  };
}

function deriveFromId(id: string): { at: string; source: 'snowflake' } | null {
  const at = snowflakeTime(id);
  return at ? { at, source: 'snowflake' } : null;
}

/** Reads one tweet, with its author from includes.users, into a draft; t.co links are expanded. */
export function tweetToDraft(item: unknown, page: XSearchPage, langHint: string | null): DraftOrReason {
  const parsed = tweetSchema.safeParse(item);
  if (!parsed.success) return { reason: issueReason(parsed.error.issues) };
  const tweet = parsed.data;
  const user = tweet.author_id ? page.users.get(tweet.author_id) : undefined;
  let body = tweet.note_tweet?.text ?? tweet.text;
  const links: string[] = [];
  for (const entity of tweet.entities?.urls ?? []) {
    const expanded = entity.unwound_url ?? entity.expanded_url;
    if (expanded) links.push(expanded);
    if (entity.url && expanded) body = body.split(entity.url).join(expanded);
  }
  const media = (tweet.attachments?.media_keys ?? []).map((key) => {
    const m = page.media.get(key);
    return m?.url ?? m?.preview_image_url ?? '';
  });
  const handle = user?.username ?? null;
  return {
    externalId: tweet.id,
    // X returns text with &amp; &lt; &gt; escaped even in JSON.
    text: tidyWhitespace(body.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')),
    author: { id: tweet.author_id ?? null, handle, displayName: user?.name ?? null },
    lang: tweet.lang && tweet.lang !== 'und' && tweet.lang !== 'qme' ? tweet.lang : null,
    langHint,
    published: tweet.created_at ?? null,
    derivedPublished: deriveFromId(tweet.id),
    url: `https://x.com/${handle ?? 'i/web'}/status/${tweet.id}`,
    links,
    media,
    edited: (tweet.edit_history_tweet_ids?.length ?? 0) > 1,
    raw: { tweet: item, author: user ?? null },
  };
}
