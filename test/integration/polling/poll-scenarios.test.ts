import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedConfig } from '../../../src/config/index.js';
import { checkFeedAlerts, listFeedAlerts, listFeedHealth, pollFeed, syncFeeds, type PollDeps } from '../../../src/polling/index.js';
import { tempConfig } from '../../helpers/temp-config.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';
import { readFixture } from '../../unit/feeds/fixture-path.js';
import { LocalSourceServer, mastodonStatus, redditChild } from './local-source-server.js';

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title><item><title>&lol3;</title></item></channel></rss>`;

const server = new LocalSourceServer();
// Reddit: newest first; `after` pages back.
const reddit: unknown[] = [];
let redditN = 0;
const addReddit = (count: number) => {
  for (let i = 0; i < count; i++) {
    redditN += 1;
    reddit.unshift(redditChild(redditN, 1_773_400_000 + redditN * 60));
  }
};
// Mastodon: ids 1..mastodonTop.
let mastodonTop = 0;

function feedsYaml(port: number): string {
  const u = (path: string) => `http://127.0.0.1:${port}${path}`;
  return `feeds:
  - { name: reddit-paged, kind: reddit, subreddit: local, base_url: "${u('')}", limit: 100 }
  - { name: masto-paged, kind: mastodon, instance: "${u('')}", timeline: hashtag, hashtag: saraqib, limit: 20 }
  - name: json-etag
    kind: json
    url: "${u('/etag.json')}"
    mapping: { id: id, text: text, time: published_at }
  - { name: rate-limited, kind: rss, url: "${u('/429')}" }
  - { name: rate-limited-reset, kind: reddit, subreddit: ratereset, base_url: "${u('')}" }
  - { name: broken, kind: rss, url: "${u('/503')}", silent_after: 1m }
  - { name: to-private, kind: rss, url: "${u('/redirect-private')}" }
  - { name: huge, kind: telegram, channel: huge_channel, base_url: "${u('')}" }
  - { name: laughs, kind: rss, url: "${u('/laughs.xml')}" }
  - { name: mute, kind: x, query: saraqib, token_env: PLACEWATCH_SECRET_X_TEST_TOKEN, base_url: "${u('/mute')}" }
  - { name: healthy, kind: telegram, channel: saraqib_now, base_url: "${u('')}", silent_after: 1m }
`;
}

describe('polling real sources on 127.0.0.1 through pollFeed with a real runtime', () => {
  let t: TestRuntime;
  let deps: PollDeps;
  let feeds: readonly FeedConfig[];
  const feed = (name: string) => feeds.find((f) => f.name === name)!;
  const enqueued = async (name: string) => {
    const jobs = await t.runtime.queues.analyze.getJobs(['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed']);
    return jobs
      .flatMap((j) => j.data.posts)
      .filter((p) => p.feed === name)
      .map((p) => p.externalId);
  };
  const state = (name: string) => t.runtime.database.db.selectFrom('feed_state').selectAll().where('feed', '=', name).executeTakeFirstOrThrow();
  const clearBackoff = (name: string) => t.runtime.database.db.updateTable('feed_state').set({ backoff_until: null }).where('feed', '=', name).execute();

  beforeAll(async () => {
    addReddit(150);
    mastodonTop = 30;
    server
      .route('/r/local/new.json', (_req, res, url) => {
        const limit = Number(url.searchParams.get('limit') ?? 25);
        const after = url.searchParams.get('after');
        const start = after ? reddit.findIndex((c) => (c as { data: { name: string } }).data.name === after) + 1 : 0;
        const page = reddit.slice(start, start + limit);
        const more = start + limit < reddit.length;
        const last = page.at(-1) as { data: { name: string } } | undefined;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ kind: 'Listing', data: { after: more && last ? last.data.name : null, before: null, children: page } }));
      })
      .route('/api/v1/timelines/tag/saraqib', (_req, res, url) => {
        const limit = Number(url.searchParams.get('limit') ?? 20);
        const minId = url.searchParams.get('min_id');
        const ids: number[] = [];
        if (minId) for (let id = Number(minId) + 1; id <= Math.min(mastodonTop, Number(minId) + limit); id++) ids.push(id);
        else for (let id = mastodonTop; id > Math.max(0, mastodonTop - limit); id--) ids.push(id);
        ids.sort((a, b) => b - a);
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (ids.length)
          headers.link = `<${server.url(`/api/v1/timelines/tag/saraqib?max_id=${ids.at(-1)}`)}>; rel="next", <${server.url(`/api/v1/timelines/tag/saraqib?min_id=${ids[0]}`)}>; rel="prev"`;
        res.writeHead(200, headers).end(JSON.stringify(ids.map(mastodonStatus)));
      })
      .route('/etag.json', (req, res) => {
        if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
        res.writeHead(200, { etag: '"v1"', 'content-type': 'application/json' });
        res.end(JSON.stringify([{ id: 'e1', text: 'تهديد لسراقب', published_at: '2026-03-14T10:00:00Z' }]));
      })
      .route('/429', (_req, res) => void res.writeHead(429, { 'retry-after': '120' }).end())
      .route('/r/ratereset/new.json', (_req, res) => void res.writeHead(429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '90' }).end())
      .route('/503', (_req, res) => void res.writeHead(503).end('down'))
      .route('/redirect-private', (_req, res) => void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end())
      .route('/s/huge_channel', (_req, res) => {
        // 50 MB of HTML, written only as fast as the client reads it.
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(1024 * 1024, 'a');
        let sent = 0;
        const pump = () => {
          while (sent < 50 && res.write(chunk)) sent += 1;
          if (sent >= 50) res.end();
          else res.once('drain', () => ((sent += 1), pump()));
        };
        res.on('close', () => (sent = 50));
        pump();
      })
      .route('/laughs.xml', (_req, res) => void res.writeHead(200, { 'content-type': 'application/xml' }).end(BILLION_LAUGHS))
      .route('/mute/2/tweets/search/recent', () => undefined /* accepts, never answers */)
      .route('/s/saraqib_now', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(readFixture('telegram/channel-preview.html')));
    await server.start();
    t = await openTestRuntime({ configDir: tempConfig({ 'feeds.yaml': feedsYaml(server.port) }), label: 'poll' });
    feeds = t.runtime.config.current.config.feeds.feeds;
    await syncFeeds(t.runtime.database.db, feeds);
    deps = {
      db: t.runtime.database.db,
      queues: t.runtime.queues,
      logger: t.runtime.logger,
      allowPrivate: ['127.0.0.1'],
      env: { PLACEWATCH_SECRET_X_TEST_TOKEN: 'test-token' },
      http: { headersTimeoutMs: 1_500, deadlineMs: 8_000 },
    };
  });
  afterAll(async () => {
    await t?.dispose();
    await server.stop();
  });

  it('pages through Reddit `after` cursors back to the last read post, and Mastodon min_id forward', async () => {
    const first = await pollFeed(deps, feed('reddit-paged'));
    expect(first).toMatchObject({ status: 'ok', pages: 1, posts: 100 }); // a new feed reads its newest page only
    addReddit(150);
    const second = await pollFeed(deps, feed('reddit-paged'));
    // 150 new posts plus the one at the mark itself (equal times are re-read; the unique key absorbs it).
    expect(second).toMatchObject({ status: 'ok', pages: 2, posts: 151 });
    const ids = await enqueued('reddit-paged');
    expect(new Set(ids).size).toBe(250);
    expect(ids).toContain('t3_p300');
    expect(ids).toContain('t3_p51');
    expect((await state('reddit-paged')).cursor).toEqual({ mark: String(1_773_400_000 + 300 * 60).padStart(12, '0') });

    expect(await pollFeed(deps, feed('masto-paged'))).toMatchObject({ status: 'ok', posts: 20 });
    mastodonTop = 75;
    expect(await pollFeed(deps, feed('masto-paged'))).toMatchObject({ status: 'ok', pages: 3, posts: 45 });
    expect((await state('masto-paged')).cursor).toEqual({ minId: '75' });
    expect(new Set(await enqueued('masto-paged')).size).toBe(65);
  });

  it('sends the saved ETag and treats 304 as "not modified"', async () => {
    expect(await pollFeed(deps, feed('json-etag'))).toMatchObject({ status: 'ok', posts: 1 });
    expect(await pollFeed(deps, feed('json-etag'))).toMatchObject({ status: 'not_modified', posts: 0 });
    expect((await state('json-etag')).cursor).toMatchObject({ etag: '"v1"' });
  });

  it('runs every failure alongside a healthy feed: each fails alone, the healthy one delivers', async () => {
    const names = ['rate-limited', 'rate-limited-reset', 'broken', 'to-private', 'huge', 'laughs', 'mute', 'healthy'];
    const started = Date.now();
    const outcomes = Object.fromEntries((await Promise.all(names.map((n) => pollFeed(deps, feed(n))))).map((o) => [o.feed, o]));
    expect(Date.now() - started).toBeLessThan(15_000);

    // 429 with Retry-After (or an exhausted rate-limit window) is a wait, not a failure.
    expect(outcomes['rate-limited']).toMatchObject({ status: 'ok', posts: 0 });
    const limited = await state('rate-limited');
    expect(limited.consecutive_failures).toBe(0);
    expect(new Date(limited.backoff_until!).getTime() - Date.now()).toBeGreaterThan(100_000);
    expect(new Date((await state('rate-limited-reset')).backoff_until!).getTime() - Date.now()).toBeGreaterThan(70_000);

    expect(outcomes.broken).toMatchObject({ status: 'failed', error: expect.stringContaining('HTTP 503') });
    expect(outcomes['to-private']).toMatchObject({ status: 'failed', error: expect.stringMatching(/169\.254\.169\.254.*metadata/) });
    expect(outcomes.huge).toMatchObject({ status: 'failed', error: expect.stringMatching(/exceeds|larger/) });
    expect(outcomes.laughs).toMatchObject({ status: 'failed', error: expect.stringContaining('<!DOCTYPE; refused') });
    expect(outcomes.mute).toMatchObject({ status: 'failed', error: expect.stringMatching(/timeout|no complete answer|Headers Timeout/i) });
    expect(outcomes.healthy).toMatchObject({ status: 'ok', posts: 4, skipped: 1 });
    expect(await enqueued('healthy')).toEqual(expect.arrayContaining(['saraqib_now/4810', 'saraqib_now/4811', 'saraqib_now/4812']));

    const health = new Map((await listFeedHealth(t.runtime.database.db, feeds)).map((h) => [h.name, h]));
    for (const name of ['broken', 'to-private', 'huge', 'laughs', 'mute']) {
      expect(health.get(name)).toMatchObject({ consecutiveFailures: 1, status: 'backing_off', lastError: expect.any(String) });
      expect(health.get(name)!.backoffUntil!.getTime()).toBeGreaterThan(Date.now());
    }
    expect(health.get('healthy')).toMatchObject({ consecutiveFailures: 0, lastError: null, postsTotal: 4, skippedTotal: 1 });
    // A feed in back-off is not fetched again until its time comes.
    expect(await pollFeed(deps, feed('broken'))).toMatchObject({ status: 'backing_off' });
  });

  it('raises a "failing" alert after three failures in a row, and a "silent" alert when posts stop', async () => {
    for (let i = 0; i < 2; i++) {
      await clearBackoff('broken');
      await pollFeed(deps, feed('broken'));
    }
    const open = await listFeedAlerts(t.runtime.database.db);
    expect(open).toEqual(
      expect.arrayContaining([expect.objectContaining({ feed: 'broken', kind: 'failing', detail: expect.stringContaining('3 polls failed') })]),
    );
    const later = new Date(Date.now() + 3_600_000);
    const { opened } = await checkFeedAlerts(t.runtime.database.db, feeds, t.runtime.logger, later);
    expect(opened.map((a) => [a.feed, a.kind])).toContainEqual(['healthy', 'silent']);
    const health = (await listFeedHealth(t.runtime.database.db, feeds, later)).find((h) => h.name === 'healthy')!;
    expect(health.status).toBe('silent');
  });
});
