import WebSocket from 'ws';
import type { FeedConfigOf } from '../../config/index.js';
import { PlacewatchError } from '../../errors.js';
import { checkAddress, createCheckedLookup, ipLiteralOf, parseAllowList } from '../../net/index.js';
import { POST_COLLECTION } from './jetstream-event.js';

type JetstreamFeed = FeedConfigOf<'bluesky'>;

/** The subscribe URL: posts only, optionally some accounts, resuming at `cursorUs` (Jetstream replays from it). */
export function jetstreamUrl(feed: JetstreamFeed, cursorUs: number | null): string {
  const url = new URL(feed.jetstream_url);
  url.searchParams.append('wantedCollections', POST_COLLECTION);
  for (const did of feed.dids ?? []) url.searchParams.append('wantedDids', did);
  // Asks the server not to send bigger messages; the client's maxPayload enforces it anyway.
  url.searchParams.set('maxMessageSizeBytes', String(feed.max_payload_bytes));
  if (cursorUs !== null) url.searchParams.set('cursor', String(cursorUs));
  return url.href;
}

/**
 * Opens a Jetstream websocket under the same address policy as HTTP feeds (names resolved through the
 * checked lookup, IP literals checked before connecting) and with a maximum message size: a larger
 * frame closes the socket (1009) instead of being buffered.
 */
export function openJetstreamSocket(feed: JetstreamFeed, cursorUs: number | null, allowPrivate: readonly string[]): WebSocket {
  const url = new URL(jetstreamUrl(feed, cursorUs));
  const allow = parseAllowList(allowPrivate);
  const literal = ipLiteralOf(url.hostname);
  if (literal) {
    const verdict = checkAddress(literal, url.hostname, allow);
    if (!verdict.allowed) {
      throw new PlacewatchError('FEED_BLOCKED_ADDRESS', `${url.hostname} is a ${verdict.category} address; refusing to connect`, {
        feed: feed.name,
        category: verdict.category,
      });
    }
  }
  return new WebSocket(url, {
    maxPayload: feed.max_payload_bytes,
    handshakeTimeout: 15_000,
    followRedirects: false,
    perMessageDeflate: false,
    headers: { 'user-agent': 'placewatch/0.1 (+jetstream subscriber)' },
    lookup: createCheckedLookup(allow) as never,
  });
}
