import type { Readable } from 'node:stream';
import { request, type Agent } from 'undici';
import { PlacewatchError } from '../../errors.js';
import { checkAddress, createSafeAgent, ipLiteralOf, parseAllowList, parseRetryAfter } from '../../net/index.js';
import { FeedRateLimitedError, fetchFailed, findPlacewatchError } from './fetch-errors.js';
import { BodyLimitError, readCappedBody } from './read-capped-body.js';
import { rateLimitResetMs } from './rate-limit.js';

export interface SafeFetchOptions {
  /** Feed name, carried into every error's context. */
  readonly feed?: string;
  /** Host names or CIDRs that may be private (tests on 127.0.0.1, on-premise sources). */
  readonly allowPrivate?: readonly string[];
  /** Validators from the previous fetch, sent as If-None-Match / If-Modified-Since. */
  readonly etag?: string | null;
  readonly lastModified?: string | null;
  readonly accept?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly maxBytes?: number;
  readonly connectTimeoutMs?: number;
  readonly headersTimeoutMs?: number;
  /** Everything, redirects included, must finish within this. */
  readonly deadlineMs?: number;
  readonly minBytesPerSecond?: number;
  readonly rateWindowMs?: number;
  readonly maxRedirects?: number;
  readonly signal?: AbortSignal;
  /** Reuse an agent across calls; it must come from createSafeAgent with the same allowlist. */
  readonly agent?: Agent;
  readonly now?: () => Date;
}

export interface SafeFetchResult {
  /** The URL that finally answered, after redirects. */
  readonly url: string;
  readonly status: number;
  readonly notModified: boolean;
  /** Decoded body; empty on 304. */
  readonly body: Buffer;
  readonly contentType: string | null;
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly redirects: readonly string[];
  /** Response headers, lower-case names, first value of each (Link, rate-limit headers...). */
  readonly headers: Readonly<Record<string, string>>;
}

export interface SafeFetchLimits {
  readonly maxBytes: number;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly deadlineMs: number;
  readonly minBytesPerSecond: number;
  readonly rateWindowMs: number;
  readonly maxRedirects: number;
}

export const SAFE_FETCH_DEFAULTS: SafeFetchLimits = {
  maxBytes: 10 * 1024 * 1024,
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  deadlineMs: 60_000,
  minBytesPerSecond: 512,
  rateWindowMs: 10_000,
  maxRedirects: 5,
};

const USER_AGENT = 'placewatch/0.1 (+feed poller)';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Rejects non-HTTP schemes and blocked IP literals before any socket is opened. */
function checkUrl(raw: string, allowPrivate: readonly string[], context: Record<string, unknown>): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw fetchFailed('bad-url', `not a valid URL: ${raw}`, context);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw fetchFailed('bad-url', `only http and https are fetched, not ${url.protocol}`, context);
  }
  if (url.username || url.password) throw fetchFailed('bad-url', 'credentials in feed URLs are not allowed', context);
  // The URL parser has already turned 0x7f.1, 2130706433 and 0177.0.0.1 into 127.0.0.1.
  const literal = ipLiteralOf(url.hostname);
  if (literal) {
    const verdict = checkAddress(literal, url.hostname, parseAllowList(allowPrivate));
    if (!verdict.allowed) {
      throw new PlacewatchError('FEED_BLOCKED_ADDRESS', `${url.hostname} is a ${verdict.category} address; refusing to fetch ${url.href}`, {
        ...context,
        address: literal,
        category: verdict.category,
      });
    }
  }
  return url;
}

/**
 * Fetches a feed URL once, safely: http(s) only, every connection's peer checked against the
 * private-address policy, redirects re-checked hop by hop, bounded in time, rate and size.
 * Throws PlacewatchError (FEED_FETCH_FAILED, FEED_BLOCKED_ADDRESS, FEED_RATE_LIMITED).
 *
 * @example const res = await safeFetch('https://example.org/rss', { feed: 'news', etag: state.etag });
 */
export async function safeFetch(rawUrl: string, options: SafeFetchOptions = {}): Promise<SafeFetchResult> {
  const o: SafeFetchLimits & SafeFetchOptions = { ...SAFE_FETCH_DEFAULTS, ...stripUndefined(options) };
  const allowPrivate = options.allowPrivate ?? [];
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error('deadline')), o.deadlineMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  const agent =
    options.agent ??
    createSafeAgent({
      allow: parseAllowList(allowPrivate),
      connectTimeoutMs: o.connectTimeoutMs,
      headersTimeoutMs: o.headersTimeoutMs,
      bodyTimeoutMs: o.rateWindowMs * 3,
    });
  const redirects: string[] = [];
  let current = rawUrl;
  let callerHeaders = options.headers ?? {};
  try {
    for (;;) {
      const context = { feed: options.feed, url: current };
      const url = checkUrl(current, allowPrivate, context);
      const response = await send(url, agent, { ...o, headers: callerHeaders }, signal, context, deadline.signal);
      const { statusCode: status } = response;
      const headers = response.headers as Headers;
      const location = header(headers, 'location');
      if (REDIRECTS.has(status) && location) {
        await discard(response.body);
        if (redirects.length >= o.maxRedirects) {
          throw fetchFailed('too-many-redirects', `more than ${o.maxRedirects} redirects from ${rawUrl}`, context);
        }
        const next = new URL(location, url);
        // A token is meant for the origin it was issued for; once another origin answers, it is gone for good.
        if (next.origin !== url.origin) callerHeaders = withoutCredentials(callerHeaders);
        current = next.href;
        redirects.push(current);
        continue;
      }
      const base = {
        url: url.href,
        status,
        contentType: header(headers, 'content-type') ?? null,
        etag: header(headers, 'etag') ?? null,
        lastModified: header(headers, 'last-modified') ?? null,
        redirects,
        headers: flattenHeaders(headers),
      };
      if (status === 304) {
        await discard(response.body);
        return { ...base, notModified: true, body: Buffer.alloc(0) };
      }
      if (status < 200 || status > 299) {
        await discard(response.body);
        throw statusError(status, headers, context, o.now?.() ?? new Date());
      }
      const declared = Number(header(headers, 'content-length') ?? NaN);
      if (!header(headers, 'content-encoding') && declared > o.maxBytes) {
        // Announced as too big: refuse before reading a byte (the stream count still guards liars).
        response.body.destroy();
        throw fetchFailed('too-large', `${url.href}: body of ${declared} bytes exceeds ${o.maxBytes}`, context);
      }
      const body = await readBody(response.body, header(headers, 'content-encoding'), o, signal, context, deadline.signal);
      return { ...base, notModified: false, body };
    }
  } finally {
    clearTimeout(timer);
    if (!options.agent) void agent.destroy().catch(() => undefined);
  }
}

async function send(
  url: URL,
  agent: Agent,
  o: SafeFetchLimits & SafeFetchOptions,
  signal: AbortSignal,
  context: Record<string, unknown>,
  deadlineSignal: AbortSignal,
) {
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    accept: o.accept ?? 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
    'accept-encoding': 'gzip, deflate, br',
    ...o.headers,
  };
  if (o.etag) headers['if-none-match'] = o.etag;
  if (o.lastModified) headers['if-modified-since'] = o.lastModified;
  try {
    return await request(url, { dispatcher: agent, method: 'GET', headers, signal });
  } catch (error) {
    throw mapTransportError(error, context, deadlineSignal, o.deadlineMs);
  }
}

async function readBody(
  body: Readable,
  contentEncoding: string | undefined,
  o: SafeFetchLimits,
  signal: AbortSignal,
  context: Record<string, unknown>,
  deadlineSignal: AbortSignal,
): Promise<Buffer> {
  try {
    return await readCappedBody(body, contentEncoding, {
      maxBytes: o.maxBytes,
      minBytesPerSecond: o.minBytesPerSecond,
      rateWindowMs: o.rateWindowMs,
      signal,
    });
  } catch (error) {
    body.destroy();
    if (error instanceof BodyLimitError) throw fetchFailed(error.reason, `${String(context.url)}: ${error.message}`, context);
    throw mapTransportError(error, context, deadlineSignal, o.deadlineMs);
  }
}

function statusError(status: number, headers: Headers, context: Record<string, unknown>, now: Date): PlacewatchError {
  // Retry-After first; a 429 without it may still say when its window resets (X, Mastodon, Reddit).
  const retryAfterMs = parseRetryAfter(header(headers, 'retry-after'), now) ?? (status === 429 ? rateLimitResetMs(flattenHeaders(headers), now) : null);
  if (status === 429 || (status === 503 && retryAfterMs !== null)) {
    const wait = retryAfterMs === null ? '' : `; retry after ${Math.ceil(retryAfterMs / 1000)} s`;
    return new FeedRateLimitedError(`${String(context.url)} answered ${status}${wait}`, retryAfterMs, { ...context, status });
  }
  return fetchFailed('http-status', `${String(context.url)} answered HTTP ${status}`, { ...context, status });
}

function mapTransportError(error: unknown, context: Record<string, unknown>, deadlineSignal: AbortSignal, deadlineMs: number): PlacewatchError {
  const own = findPlacewatchError(error);
  if (own)
    return own.context.url ? own : new PlacewatchError(own.code, `${own.message} (${String(context.url)})`, { ...own.context, ...context }, { cause: own });
  if (deadlineSignal.aborted) return fetchFailed('timeout', `${String(context.url)}: no complete answer within ${deadlineMs} ms`, context, error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return fetchFailed('timeout', `${String(context.url)}: ${(error as Error).message}`, { ...context, code }, error);
  }
  const message = error instanceof Error ? error.message : String(error);
  return fetchFailed('network', `${String(context.url)}: ${message}`, { ...context, code }, error);
}

async function discard(body: Readable & { dump?: () => Promise<void> }): Promise<void> {
  try {
    if (body.dump) await body.dump();
    else body.destroy();
  } catch {
    // A body we are throwing away may fail to drain; the connection is simply not reused.
  }
}

// Headers that carry credentials; names not listed but hinting at one (x-api-key, x-auth-token) go too.
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);
const CREDENTIAL_HINT = /auth|token|key|secret|session|cookie|password/i;

/** The caller's headers minus every one that could carry a credential (for a cross-origin hop). */
function withoutCredentials(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.has(name.toLowerCase()) && !CREDENTIAL_HINT.test(name)));
}

function flattenHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name.toLowerCase()] = first;
  }
  return out;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
