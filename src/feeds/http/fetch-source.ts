import type { FetchContext } from '../adapter.js';
import { FeedRateLimitedError } from './fetch-errors.js';
import { rateLimitWaitMs } from './rate-limit.js';
import { safeFetch, type SafeFetchResult } from './safe-fetch.js';

export interface SourceRequest {
  readonly feed: string;
  readonly accept?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly etag?: string | null;
  readonly lastModified?: string | null;
}

/** A fetched page, or the source asking us to come back later. */
export type SourceResponse =
  | { readonly ok: true; readonly response: SafeFetchResult; /** Window used up: wait this long before the next call. */ readonly waitMs: number | null }
  | { readonly ok: false; readonly retryAfterMs: number };

/**
 * Fetches one page of an API safely (see safeFetch) and reads its rate-limit state. A 429/503 that
 * says when to come back is not a failure, so it is returned as `retryAfterMs`; one that does not
 * say is thrown (FEED_RATE_LIMITED) and backs off like any failure.
 */
export async function fetchSource(url: string, request: SourceRequest, ctx: FetchContext): Promise<SourceResponse> {
  try {
    const response = await safeFetch(url, {
      ...ctx.http,
      feed: request.feed,
      accept: request.accept ?? 'application/json',
      headers: { ...ctx.http?.headers, ...request.headers },
      etag: request.etag ?? null,
      lastModified: request.lastModified ?? null,
      signal: ctx.signal,
    });
    return { ok: true, response, waitMs: rateLimitWaitMs(response.headers, ctx.now?.() ?? new Date()) };
  } catch (error) {
    if (error instanceof FeedRateLimitedError && error.retryAfterMs !== null) return { ok: false, retryAfterMs: error.retryAfterMs };
    throw error;
  }
}

/** Reads a string from cursor state, or null. */
export function stateString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
