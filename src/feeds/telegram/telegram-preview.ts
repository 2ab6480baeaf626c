import { load, type CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { PlacewatchError } from '../../errors.js';
import { reduceHtml } from '../html-to-text.js';
import type { DraftOrReason } from '../page-items.js';

/** One message block of a t.me/s page, before it becomes a draft. */
export interface PreviewMessage {
  /** "channel/1234" from data-post. */
  readonly post: string;
  readonly channel: string;
  readonly id: string;
  readonly draft: DraftOrReason;
}

const BACKGROUND_URL = /background-image\s*:\s*url\(\s*['"]?([^'")]+)['"]?\s*\)/i;

function styleUrl(style: string | undefined): string | null {
  return style ? (BACKGROUND_URL.exec(style)?.[1] ?? null) : null;
}

/** Views as Telegram prints them ("1.2K", "3M", "875") → a number, or null. */
export function parseViews(text: string): number | null {
  const match = /^([\d.]+)\s*([KM]?)$/i.exec(text.trim());
  if (!match) return null;
  const scale = match[2]?.toUpperCase() === 'M' ? 1e6 : match[2]?.toUpperCase() === 'K' ? 1e3 : 1;
  const value = Number(match[1]) * scale;
  return Number.isFinite(value) ? Math.round(value) : null;
}

function messageDraft($: CheerioAPI, el: Element, post: string, langHint: string | null): DraftOrReason {
  const message = $(el);
  const [channel = ''] = post.split('/');
  // The message's own text, not the quoted text of the message it replies to.
  const textEl = message
    .find('.tgme_widget_message_text')
    .filter((_, t) => $(t).closest('.tgme_widget_message_reply').length === 0)
    .first();
  const body = reduceHtml(textEl.html() ?? '');
  const dateLink = message.find('a.tgme_widget_message_date').first();
  // Without a <time datetime> the message is still kept: buildPost stands the fetch time in, marked.
  const published = dateLink.find('time[datetime]').attr('datetime') ?? message.find('time[datetime]').last().attr('datetime') ?? null;
  const media: string[] = [];
  message.find('.tgme_widget_message_photo_wrap, .tgme_widget_message_video_thumb, .link_preview_image').each((_, m) => {
    const url = styleUrl($(m).attr('style'));
    if (url) media.push(url);
  });
  message.find('video[src]').each((_, v) => void media.push($(v).attr('src') ?? ''));
  const meta = message.find('.tgme_widget_message_meta').first().text().trim();
  const viewsText = message.find('.tgme_widget_message_views').first().text();
  const ownerName = message.find('.tgme_widget_message_owner_name').first().text().trim();
  const signature = message.find('.tgme_widget_message_from_author').first().text().trim();
  const permalink = dateLink.attr('href') ?? `https://t.me/${post}`;
  return {
    externalId: post,
    text: body.text,
    author: { id: channel, handle: channel, displayName: signature || ownerName || null },
    langHint,
    published,
    url: /^https?:\/\//.test(permalink) ? permalink : `https://t.me/${post}`,
    links: body.links,
    media: [...media, ...body.media],
    edited: /^edited\b/i.test(meta),
    raw: {
      post,
      views: parseViews(viewsText),
      edited: /^edited\b/i.test(meta),
      forwarded_from: message.find('.tgme_widget_message_forwarded_from_name').first().text().trim() || null,
      html: (message.html() ?? '').slice(0, 16_000),
    },
  };
}

/**
 * Reads the messages of a public channel preview page (t.me/s/NAME) in page order (oldest first).
 * Throws FEED_PARSE_FAILED when the HTML is not a channel preview at all (private channel, login
 * wall, a redirect to t.me/NAME without preview).
 */
export function readPreviewMessages(html: string, feed: string, langHint: string | null): PreviewMessage[] {
  const $ = load(html);
  const blocks = $('.tgme_widget_message[data-post]');
  if (blocks.length === 0 && $('.tgme_channel_history, .tgme_channel_info').length === 0) {
    throw new PlacewatchError('FEED_PARSE_FAILED', `${feed}: not a Telegram channel preview page (no tgme_widget_message)`, { feed });
  }
  const out: PreviewMessage[] = [];
  blocks.each((_, el) => {
    const post = $(el).attr('data-post') ?? '';
    const match = /^([A-Za-z0-9_]{1,64})\/(\d{1,12})$/.exec(post);
    if (!match) {
      out.push({ post, channel: '', id: '', draft: { reason: `unreadable data-post "${post.slice(0, 40)}"` } });
      return;
    }
    let draft: DraftOrReason;
    try {
      draft = messageDraft($, el, post, langHint);
    } catch (error) {
      draft = { reason: `unreadable message: ${(error as Error).message}` };
    }
    out.push({ post, channel: match[1]!, id: match[2]!, draft });
  });
  return out;
}
