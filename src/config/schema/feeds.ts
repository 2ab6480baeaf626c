import { z } from 'zod';
import { durationSchema, slugSchema } from './common.js';

const feedBase = {
  name: slugSchema,
  enabled: z.boolean().default(true),
  interval: durationSchema.default('5m'),
  /** Who speaks through this source ("hts-aligned channel"); shown to reviewers, raises priority. */
  affiliation: z.string().max(120).optional(),
  /** Language hint when the source does not say. */
  lang: z.enum(['en', 'ar']).optional(),
};

const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'only http and https URLs are fetched');

/** RSS 2.0 or Atom over HTTP (bridges such as RSSHub and Nitter output included). */
export const rssFeedSchema = z.object({ ...feedBase, kind: z.enum(['rss', 'atom']), url: httpUrl }).strict();

/** A JSONL or CSV file on disk, imported once and re-read when it changes. */
export const fileFeedSchema = z
  .object({ ...feedBase, kind: z.literal('file'), path: z.string().min(1), format: z.enum(['jsonl', 'csv']).optional() })
  .strict();

export const feedSchema = z.discriminatedUnion('kind', [rssFeedSchema, fileFeedSchema]);
export type FeedConfig = z.infer<typeof feedSchema>;

export const feedsFileSchema = z
  .object({ feeds: z.array(feedSchema).default([]) })
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
