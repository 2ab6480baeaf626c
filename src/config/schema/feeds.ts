import { z } from 'zod';
import { durationSchema, slugSchema } from './common.js';
import { secretEnvNameSchema } from '../../env/index.js';

const feedBase = {
  name: slugSchema,
  enabled: z.boolean().default(true),
  interval: durationSchema.default('5m'),
  /** Who speaks through this source ("hts-aligned channel"); shown to reviewers, raises priority. */
  affiliation: z.string().max(120).optional(),
  /** Language hint when the source does not say. */
  lang: z.enum(['en', 'ar']).optional(),
  /**
   * Raise a "silent" feed alert when no new post arrives for this long; by default 3× the feed's
   * median gap between posts, never under `silence_floor` (default 1h).
   */
  silent_after: durationSchema.optional(),
  silence_floor: durationSchema.optional(),
};

const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'only http and https URLs are fetched');

/** RSS 2.0 or Atom over HTTP (bridges such as RSSHub and Nitter output included). */
export const rssFeedSchema = z.object({ ...feedBase, kind: z.enum(['rss', 'atom']), url: httpUrl }).strict();

/**
 * A path under the import directory (PLACEWATCH_IMPORT_DIR): relative and without "..", so whoever
 * edits config cannot make a feed read the server's own files; symlinks are checked when read.
 */
const importPath = z
  .string()
  .min(1)
  .max(500)
  .refine(
    (p) => !p.startsWith('/') && !p.startsWith('\\') && !/^[A-Za-z]:/.test(p) && !p.split(/[\\/]/).includes('..') && !p.includes('\0'),
    'expected a path inside the import directory (PLACEWATCH_IMPORT_DIR): relative, without ".."',
  );

/** A JSONL or CSV file in the import directory, imported once and re-read when it changes. */
export const fileFeedSchema = z.object({ ...feedBase, kind: z.literal('file'), path: importPath, format: z.enum(['jsonl', 'csv']).optional() }).strict();

/** A Mastodon timeline over the REST API: public (or local), hashtag, account or list. */
export const mastodonFeedSchema = z
  .object({
    ...feedBase,
    kind: z.literal('mastodon'),
    /** The instance, e.g. https://mastodon.social */
    instance: httpUrl,
    /** `search`: keyword monitoring through /api/v2/search (full-text status search usually needs a token). */
    timeline: z.enum(['public', 'local', 'hashtag', 'account', 'list', 'search']).default('public'),
    hashtag: z
      .string()
      .regex(/^[\p{L}\p{N}_]{1,100}$/u, 'a hashtag without "#"')
      .optional(),
    /** Search terms for timeline search, as the instance's search box takes them. */
    query: z.string().trim().min(1).max(500).optional(),
    /** Numeric account id (look it up with /api/v1/accounts/lookup?acct=NAME). */
    account_id: z
      .string()
      .regex(/^\d{1,30}$/)
      .optional(),
    list_id: z
      .string()
      .regex(/^\d{1,30}$/)
      .optional(),
    token_env: secretEnvNameSchema.optional(),
    limit: z.number().int().min(1).max(40).default(40),
  })
  .strict()
  .refine((f) => f.timeline !== 'hashtag' || f.hashtag, { message: 'timeline hashtag needs hashtag', path: ['hashtag'] })
  .refine((f) => f.timeline !== 'account' || f.account_id, { message: 'timeline account needs account_id', path: ['account_id'] })
  .refine((f) => f.timeline !== 'list' || f.list_id, { message: 'timeline list needs list_id (and token_env)', path: ['list_id'] })
  .refine((f) => f.timeline !== 'search' || f.query, { message: 'timeline search needs query', path: ['query'] });

/** Bluesky: searchPosts or getAuthorFeed over XRPC, or a Jetstream websocket subscription. */
export const blueskyFeedSchema = z
  .object({
    ...feedBase,
    kind: z.literal('bluesky'),
    mode: z.enum(['search', 'author', 'jetstream']).default('search'),
    /** searchPosts query (Lucene-like syntax as the AppView supports it). */
    query: z.string().min(1).max(500).optional(),
    /** Handle or DID for getAuthorFeed. */
    actor: z.string().min(3).max(300).optional(),
    service: httpUrl.default('https://public.api.bsky.app'),
    /** Jetstream endpoint (ws:// or wss://) without query. */
    jetstream_url: z
      .string()
      .regex(/^wss?:\/\/[^?#\s]+$/, 'expected a ws:// or wss:// URL without a query')
      .default('wss://jetstream2.us-east.bsky.network/subscribe'),
    /** Jetstream: only these accounts (DIDs); at most 10 000 as Jetstream allows. */
    dids: z
      .array(z.string().regex(/^did:[a-z]+:[A-Za-z0-9._:%-]{1,200}$/))
      .max(10_000)
      .optional(),
    /** Jetstream: keep only posts containing one of these words (plain text, case-insensitive). */
    keywords: z.array(z.string().min(1).max(100)).max(500).optional(),
    /** Jetstream: largest websocket message accepted. */
    max_payload_bytes: z
      .number()
      .int()
      .min(1024)
      .max(16 * 1024 * 1024)
      .default(1024 * 1024),
    limit: z.number().int().min(1).max(100).default(50),
    token_env: secretEnvNameSchema.optional(),
  })
  .strict()
  .refine((f) => f.mode !== 'search' || f.query, { message: 'mode search needs query', path: ['query'] })
  .refine((f) => f.mode !== 'author' || f.actor, { message: 'mode author needs actor', path: ['actor'] });

/** A public Telegram channel through its web preview (t.me/s/NAME). */
export const telegramFeedSchema = z
  .object({
    ...feedBase,
    kind: z.literal('telegram'),
    channel: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, 'a public channel username, without @'),
    base_url: httpUrl.default('https://t.me'),
  })
  .strict();

/** A subreddit's newest posts through /r/NAME/new.json. */
export const redditFeedSchema = z
  .object({
    ...feedBase,
    kind: z.literal('reddit'),
    subreddit: z.string().regex(/^[A-Za-z0-9_]{2,21}$/, 'a subreddit name, without r/'),
    base_url: httpUrl.default('https://www.reddit.com'),
    limit: z.number().int().min(1).max(100).default(100),
  })
  .strict();

/** X (Twitter) API v2 recent search with an app bearer token. */
export const xFeedSchema = z
  .object({
    ...feedBase,
    kind: z.literal('x'),
    query: z.string().min(1).max(1024),
    token_env: secretEnvNameSchema,
    base_url: httpUrl.default('https://api.x.com'),
    max_results: z.number().int().min(10).max(100).default(100),
  })
  .strict();

/** Dotted paths ("data.items", "user.name", "media.0.url") into a JSON item; no expressions. */
const dottedPath = z.string().regex(/^[A-Za-z0-9_$@-]+(?:\.[A-Za-z0-9_$@-]+)*$/, 'a dotted path like "data.items" or "user.name"');

/** Where a JSON payload keeps its items, and which item fields hold the post's parts. */
export const jsonMappingSchema = z
  .object({
    /** Path to the array of items; empty when the payload itself is the array. */
    items: dottedPath.optional(),
    id: dottedPath,
    text: dottedPath,
    time: dottedPath,
    url: dottedPath.optional(),
    author: dottedPath.optional(),
    author_id: dottedPath.optional(),
    author_name: dottedPath.optional(),
    lang: dottedPath.optional(),
    /** Text is HTML (reduced to text). */
    html: z.boolean().default(false),
  })
  .strict();
export type JsonMapping = z.infer<typeof jsonMappingSchema>;

/** Any HTTP JSON API read through a field mapping. */
export const jsonFeedSchema = z
  .object({
    ...feedBase,
    kind: z.literal('json'),
    url: httpUrl,
    mapping: jsonMappingSchema,
    /** Optional paging: the payload path holding the next-page cursor, and the query parameter that sends it. */
    next_cursor: z
      .object({ path: dottedPath, param: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/) })
      .strict()
      .optional(),
    token_env: secretEnvNameSchema.optional(),
  })
  .strict();

/** Posts pushed by a partner to POST /ingest/NAME, signed (Standard Webhooks HMAC) or with a bearer token. */
export const webhookFeedSchema = z
  .object({
    ...feedBase,
    kind: z.literal('webhook'),
    auth: z.enum(['hmac', 'bearer']).default('hmac'),
    /** Env var with the HMAC secret ("whsec_…" base64, or raw text) or the bearer token. */
    secret_env: secretEnvNameSchema,
    max_body_bytes: z
      .number()
      .int()
      .min(1024)
      .max(10 * 1024 * 1024)
      .default(1024 * 1024),
    /** How items are read; default: [{id, text, author, published_at, url, lang}] or {items: [...]}. */
    mapping: jsonMappingSchema.optional(),
  })
  .strict();

export const feedSchema = z.discriminatedUnion('kind', [
  rssFeedSchema,
  fileFeedSchema,
  mastodonFeedSchema,
  blueskyFeedSchema,
  telegramFeedSchema,
  redditFeedSchema,
  xFeedSchema,
  jsonFeedSchema,
  webhookFeedSchema,
]);
export type FeedConfig = z.infer<typeof feedSchema>;
export type FeedConfigOf<K extends FeedConfig['kind']> = Extract<FeedConfig, { kind: K }>;

/**
 * A source account known to speak for someone (an armed group's media wing, a militia commander):
 * its posts score higher and reviewers see the affiliation. `feed` narrows it to one feed; `author`
 * is the account's handle (without @) or id as the feed reports it.
 */
export const accountAffiliationSchema = z
  .object({
    author: z.string().min(1).max(256),
    /** Any feed name, including ones only used by `ingest --feed` (so not checked against feeds). */
    feed: z.string().min(1).max(120).optional(),
    affiliation: z.string().min(1).max(120),
    note: z.string().max(300).optional(),
  })
  .strict();
export type AccountAffiliation = z.infer<typeof accountAffiliationSchema>;

export const feedsFileSchema = z
  .object({ feeds: z.array(feedSchema).default([]), accounts: z.array(accountAffiliationSchema).default([]) })
  .strict()
  .superRefine((value, ctx) => {
    const seen = new Map<string, number>();
    value.feeds.forEach((feed, index) => {
      const first = seen.get(feed.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['feeds', index, 'name'],
          message: `duplicate feed name "${feed.name}" (first used by feeds[${first}])`,
        });
      } else seen.set(feed.name, index);
    });
  });
export type FeedsFile = z.infer<typeof feedsFileSchema>;
