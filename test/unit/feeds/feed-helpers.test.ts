import { describe, expect, it } from 'vitest';
import { feedFromUrl } from '../../../src/feeds/feed-from-url.js';
import { parseLinkHeader, queryParam } from '../../../src/feeds/http/link-header.js';
import { rateLimitResetMs, rateLimitWaitMs } from '../../../src/feeds/http/rate-limit.js';
import { readDottedPath, readDottedText } from '../../../src/feeds/json/dotted-path.js';
import { compareKeys, isBelowMark, stepWalk } from '../../../src/feeds/newest-first-walk.js';

describe('newest-first walk', () => {
  it('reads only one page on the very first poll and marks the newest key', () => {
    expect(stepWalk({}, ['30', '20', '10'], 'older')).toEqual({ hasMore: false, nextState: { mark: '30' } });
  });

  it('walks back while the page is newer than the mark, then moves the mark to the newest key seen', () => {
    const first = stepWalk({ mark: '30' }, ['60', '50'], 'c1');
    expect(first).toEqual({ hasMore: true, nextState: { mark: '30', cursor: 'c1', top: '60' } });
    const second = stepWalk(first.nextState, ['40', '30'], 'c2');
    expect(second).toEqual({ hasMore: false, nextState: { mark: '60' } });
  });

  it('ends when the source has no older page, and keeps unrelated state', () => {
    expect(stepWalk({ mark: '5', etag: 'x' }, ['9'], null)).toEqual({ hasMore: false, nextState: { etag: 'x', mark: '9' } });
  });

  it('compares numeric ids by value, not as text', () => {
    expect(compareKeys('100', '99')).toBeGreaterThan(0);
    expect(compareKeys('2026-03-14T10:00:00.000Z', '2026-03-14T09:00:00.000Z')).toBeGreaterThan(0);
    expect(isBelowMark({ mark: '100' }, '99')).toBe(true);
    expect(isBelowMark({ mark: '100' }, '100')).toBe(false);
  });
});

describe('rate-limit headers', () => {
  const now = new Date('2026-03-14T10:00:00Z');
  it('reads Mastodon ISO resets, X epoch seconds and Reddit delta seconds', () => {
    expect(rateLimitResetMs({ 'x-ratelimit-reset': '2026-03-14T10:05:00.000Z' }, now)).toBe(300_000);
    expect(rateLimitResetMs({ 'x-rate-limit-reset': String(now.getTime() / 1000 + 60) }, now)).toBe(60_000);
    expect(rateLimitResetMs({ 'x-ratelimit-reset': '42' }, now)).toBe(42_000);
  });
  it('asks to wait only when the window is used up', () => {
    expect(rateLimitWaitMs({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '10' }, now)).toBe(10_000);
    expect(rateLimitWaitMs({ 'x-ratelimit-remaining': '0.0', 'x-ratelimit-reset': '10' }, now)).toBe(10_000);
    expect(rateLimitWaitMs({ 'x-ratelimit-remaining': '299', 'x-ratelimit-reset': '10' }, now)).toBeNull();
    expect(rateLimitWaitMs({}, now)).toBeNull();
  });
});

describe('Link header', () => {
  it('finds next and prev, as Mastodon sends them', () => {
    const links = parseLinkHeader(
      '<https://m.example/api/v1/timelines/tag/x?max_id=105>; rel="next", <https://m.example/api/v1/timelines/tag/x?min_id=110>; rel="prev"',
    );
    expect(queryParam(links.next, 'max_id')).toBe('105');
    expect(queryParam(links.prev, 'min_id')).toBe('110');
    expect(parseLinkHeader(undefined)).toEqual({});
  });
});

describe('dotted paths', () => {
  it('reads nested fields and array indexes, own properties only', () => {
    const value = { a: { b: [{ c: 'x' }] }, n: 5 };
    expect(readDottedPath(value, 'a.b.0.c')).toBe('x');
    expect(readDottedText(value, 'n')).toBe('5');
    expect(readDottedPath(value, 'a.constructor')).toBeUndefined();
    expect(readDottedPath(value, 'a.b.x')).toBeUndefined();
    expect(readDottedText(value, 'a')).toBeNull();
  });
});

describe('feed test URLs', () => {
  it('turns the URLs operators copy into feed configs', () => {
    expect(feedFromUrl('telegram', 'https://t.me/s/saraqib_now')).toMatchObject({ kind: 'telegram', channel: 'saraqib_now', base_url: 'https://t.me' });
    expect(feedFromUrl('reddit', 'https://www.reddit.com/r/syriancivilwar/new/')).toMatchObject({ subreddit: 'syriancivilwar' });
    expect(feedFromUrl('mastodon', 'https://mastodon.social/tags/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7')).toMatchObject({ timeline: 'hashtag', hashtag: 'سوريا' });
    expect(feedFromUrl('bluesky', 'https://bsky.app/profile/observer.example.com')).toMatchObject({ mode: 'author', actor: 'observer.example.com' });
    expect(feedFromUrl('x', 'https://api.x.com/2/tweets/search/recent?query=saraqib')).toMatchObject({
      query: 'saraqib',
      token_env: 'PLACEWATCH_SECRET_X_BEARER_TOKEN',
    });
    expect(() => feedFromUrl('webhook', 'https://x.org')).toThrow(/cannot be fetched/);
    expect(() => feedFromUrl('telegram', 'https://t.me/+invite')).toThrow(/t\.me\/s\/CHANNEL/);
  });
});
