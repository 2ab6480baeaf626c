import { feedSchema, type FeedConfig } from '../config/index.js';
import { PlacewatchError } from '../errors.js';

function invalid(kind: string, url: string, hint: string): PlacewatchError {
  return new PlacewatchError('INPUT_INVALID', `--kind ${kind} --url ${url}: ${hint}`, { kind, url });
}

function parseUrl(kind: string, raw: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw invalid(kind, raw, 'not a valid URL');
  }
}

/**
 * A throwaway feed config for `feed test --kind K --url U`, read from the URL people copy from a
 * browser: t.me/s/NAME, reddit.com/r/NAME, mastodon.example/tags/NAME, bsky.app/profile/HANDLE, an
 * XRPC searchPosts URL, an X recent-search URL, or any RSS/Atom/JSON URL.
 */
export function feedFromUrl(kind: string, raw: string, extra: { tokenEnv?: string } = {}): FeedConfig {
  const url = parseUrl(kind, raw);
  const origin = url.origin;
  const base = { name: 'feed-test', enabled: true };
  let candidate: Record<string, unknown>;
  switch (kind) {
    case 'rss':
    case 'atom':
    case 'json':
      candidate = {
        ...base,
        kind,
        url: url.href,
        ...(kind === 'json' ? { mapping: { id: 'id', text: 'text', time: 'published_at', url: 'url', author: 'author' } } : {}),
      };
      break;
    case 'mastodon': {
      const tag = /^\/tags\/([^/]+)/.exec(url.pathname)?.[1];
      const list = /^\/lists\/(\d+)/.exec(url.pathname)?.[1];
      candidate = tag
        ? { ...base, kind, instance: origin, timeline: 'hashtag', hashtag: decodeURIComponent(tag) }
        : list
          ? { ...base, kind, instance: origin, timeline: 'list', list_id: list }
          : { ...base, kind, instance: origin, timeline: url.searchParams.get('local') === 'true' ? 'local' : 'public' };
      break;
    }
    case 'bluesky': {
      const profile = /^\/profile\/([^/]+)/.exec(url.pathname)?.[1];
      if (url.protocol === 'ws:' || url.protocol === 'wss:')
        throw invalid(kind, raw, 'Jetstream is a subscription; configure it in feeds.yaml and run the poller');
      if (profile) candidate = { ...base, kind, mode: 'author', actor: decodeURIComponent(profile) };
      else if (url.searchParams.get('actor')) candidate = { ...base, kind, mode: 'author', actor: url.searchParams.get('actor'), service: origin };
      else if (url.searchParams.get('q')) candidate = { ...base, kind, mode: 'search', query: url.searchParams.get('q'), service: origin };
      else throw invalid(kind, raw, 'expected bsky.app/profile/HANDLE or an XRPC URL with q= or actor=');
      break;
    }
    case 'telegram': {
      const channel = /^\/(?:s\/)?([A-Za-z][A-Za-z0-9_]{3,31})\/?$/.exec(url.pathname)?.[1];
      if (!channel) throw invalid(kind, raw, 'expected https://t.me/s/CHANNEL');
      candidate = { ...base, kind, channel, base_url: origin };
      break;
    }
    case 'reddit': {
      const subreddit = /^\/r\/([A-Za-z0-9_]{2,21})/.exec(url.pathname)?.[1];
      if (!subreddit) throw invalid(kind, raw, 'expected https://www.reddit.com/r/NAME');
      candidate = { ...base, kind, subreddit, base_url: origin };
      break;
    }
    case 'x': {
      const query = url.searchParams.get('query') ?? url.searchParams.get('q');
      if (!query) throw invalid(kind, raw, 'expected a URL with query= (e.g. https://api.x.com/2/tweets/search/recent?query=...)');
      candidate = {
        ...base,
        kind,
        query,
        base_url: url.hostname.endsWith('x.com') || url.hostname.endsWith('twitter.com') ? 'https://api.x.com' : origin,
        token_env: extra.tokenEnv ?? 'PLACEWATCH_SECRET_X_BEARER_TOKEN',
      };
      break;
    }
    default:
      throw invalid(kind, raw, `a ${kind} feed cannot be fetched from a URL`);
  }
  if (extra.tokenEnv && kind !== 'x') candidate.token_env = extra.tokenEnv;
  const parsed = feedSchema.safeParse(candidate);
  if (!parsed.success) throw invalid(kind, raw, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}
