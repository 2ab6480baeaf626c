import { z } from 'zod';
import type { DraftOrReason } from '../page-items.js';
import { issueReason } from '../page-items.js';
import { reduceHtml } from '../html-to-text.js';

const text = z.string().nullish();

const accountSchema = z.object({
  id: z.string(),
  username: text,
  acct: text,
  display_name: text,
  url: text,
});

const mediaSchema = z.object({ url: text, remote_url: text, preview_url: text, type: text, description: text });

/** The fields of a Mastodon Status entity placewatch reads; everything else stays in raw only. */
const statusCore = {
  id: z.string().min(1),
  // Always sent by Mastodon itself; some compatible servers and relays leave it out.
  created_at: text,
  uri: text,
  url: text,
  content: z.string().default(''),
  spoiler_text: text,
  language: text,
  edited_at: text,
  account: accountSchema,
  media_attachments: z.array(mediaSchema).nullish(),
  card: z.object({ url: text }).nullish(),
  tags: z.array(z.object({ name: z.string() })).nullish(),
};

const statusSchema = z.object({
  ...statusCore,
  /** A boost: the boosted status, whose words and author are what matter. */
  reblog: z.object(statusCore).nullish(),
});
type Status = z.infer<typeof statusSchema>;

function composeText(status: Pick<Status, 'content' | 'spoiler_text'>): { text: string; links: string[]; media: string[] } {
  const body = reduceHtml(status.content);
  // A content warning is written by the author and often carries the threat's target.
  const spoiler = status.spoiler_text?.trim();
  return { ...body, text: spoiler ? `${spoiler}\n\n${body.text}` : body.text };
}

/** Reads one Mastodon Status into a draft; a boost yields the boosted text under the boost's own id. */
export function mastodonStatusToDraft(item: unknown, langHint: string | null): DraftOrReason {
  const parsed = statusSchema.safeParse(item);
  if (!parsed.success) return { reason: issueReason(parsed.error.issues) };
  const outer = parsed.data;
  const status = outer.reblog ?? outer;
  const body = composeText(status);
  const media = (status.media_attachments ?? []).map((m) => m.url ?? m.remote_url ?? m.preview_url ?? '');
  return {
    externalId: outer.id,
    text: body.text,
    author: {
      id: status.account.id,
      handle: status.account.acct ?? status.account.username ?? null,
      displayName: status.account.display_name || null,
    },
    lang: status.language ?? null,
    langHint,
    published: status.created_at ?? null,
    url: status.url ?? status.uri ?? null,
    links: [...body.links.filter((l) => !/\/tags\/|\/@/.test(l)), ...(status.card?.url ? [status.card.url] : [])],
    media: [...media, ...body.media],
    edited: Boolean(status.edited_at),
    raw: item,
  };
}
