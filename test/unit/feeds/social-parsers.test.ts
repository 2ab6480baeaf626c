import { describe, expect, it } from 'vitest';
import { parsePayload, type CanonicalPost } from '../../../src/feeds/index.js';
import { feedSchema, type FeedConfigOf } from '../../../src/config/schema/feeds.js';
import { mastodonTimelineUrl } from '../../../src/feeds/mastodon/mastodon-adapter.js';
import { snowflakeTime } from '../../../src/feeds/x/snowflake-time.js';
import { readFixture } from './fixture-path.js';

const byId = (posts: CanonicalPost[]) => new Map(posts.map((p) => [p.externalId, p]));

describe('mastodon statuses', () => {
  const result = parsePayload('mastodon', readFixture('mastodon/hashtag-timeline.json'), 'masto');
  const posts = byId(result.posts);

  it('reads an Arabic status: HTML reduced, entities decoded, hashtag kept as text, outbound link kept', () => {
    expect(posts.get('113456789012345681')).toMatchObject({
      text: 'سنقتحم #سراقب قريباً & لن نرحم أحداً\n\nالتفاصيل: https://news.example.org/a/1',
      author: { id: '109876543210', handle: 'idlib_watch', displayName: 'مرصد إدلب' },
      lang: 'ar',
      publishedAt: '2026-03-14T09:41:07.000Z',
      url: 'https://mastodon.social/@idlib_watch/113456789012345681',
      links: ['https://news.example.org/a/1'],
      edited: false,
    });
  });

  it('reads a boost as the boosted words and author under the boost id, with media and the edited marker', () => {
    expect(posts.get('113456789012345680')).toMatchObject({
      text: 'Convoy seen near Darat Izza, they say they\'ll "clean" the town tonight.',
      author: { id: '110000000042', handle: 'hawk@kolektiva.social', displayName: 'Hawk' },
      publishedAt: '2026-03-14T08:55:12.000Z',
      url: 'https://kolektiva.social/@hawk/113456700000000001',
      media: ['https://files.kolektiva.social/media/original/convoy.jpg'],
      edited: true,
    });
  });

  it('puts the content warning above the text and converts the offset time to UTC', () => {
    expect(posts.get('113456789012345679')).toMatchObject({
      text: 'تحذير: تهديد\n\nيا أهل دارة عزة\nدمكم حلال',
      publishedAt: '2026-03-14T06:10:00.000Z',
      links: ['https://video.example.org/v/9'],
      author: { handle: 'anon', displayName: null },
    });
  });

  it('skips a status without account and a non-object, naming their positions', () => {
    expect(result.skipped.map((s) => s.position)).toEqual([4, 5]);
    expect(result.skipped[0]!.reason).toMatch(/^account:/);
  });

  it('keeps the raw status with each post', () => {
    expect((posts.get('113456789012345681')!.raw as { id: string }).id).toBe('113456789012345681');
  });
});

describe('bluesky', () => {
  it('reads searchPosts PostViews: at:// id, handle permalink, facet links, image embeds', () => {
    const result = parsePayload('bluesky', readFixture('bluesky/search-posts.json'), 'bsky');
    const posts = byId(result.posts);
    expect(posts.get('at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3lbxyzabc2k2a')).toMatchObject({
      text: 'تهديد جديد لأهالي سراقب: "سنحرق السوق" https://news.example.org/x',
      author: { id: 'did:plc:z72i7hdynmk6r22z27h6tvur', handle: 'saraqib-news.bsky.social', displayName: 'أخبار سراقب' },
      lang: 'ar',
      publishedAt: '2026-03-14T10:15:30.512Z',
      url: 'https://bsky.app/profile/saraqib-news.bsky.social/post/3lbxyzabc2k2a',
      links: ['https://news.example.org/x/full-story'],
      media: ['https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:z72i7hdynmk6r22z27h6tvur/bafkreihx@jpeg'],
    });
    expect(posts.get('at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3lbxyz22ab22c')).toMatchObject({
      text: 'Armed men at the Darat Izza checkpoint told residents to leave by Friday',
      lang: 'en',
      publishedAt: '2026-03-14T10:02:00.000Z',
      links: ['https://report.example.org/darat-izza'],
    });
    expect(result.skipped).toEqual([{ position: 3, reason: 'uri: expected an at:// URI' }]);
  });

  it('reads getAuthorFeed entries, reposts included', () => {
    const result = parsePayload('bluesky', readFixture('bluesky/author-feed.json'), 'bsky');
    expect(result.posts.map((p) => [p.externalId, p.text, p.publishedAt])).toEqual([
      ['at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3lc0000000001', 'الوضع في كفرنبل هادئ اليوم', '2026-03-15T08:00:00.000Z'],
      ['at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3lbxyzabc2k2a', 'تهديد جديد لأهالي سراقب', '2026-03-14T10:15:30.512Z'],
    ]);
  });

  it('reads Jetstream commits: create, update (edited), delete (deleted marker); ignores identity and likes; skips bad lines', () => {
    const result = parsePayload('bluesky', readFixture('bluesky/jetstream.jsonl'), 'jet');
    const id = 'at://did:plc:eygmaihciaxprqvxpfvl6flk/app.bsky.feed.post/3l3qo2vuowo2b';
    expect(result.posts.map((p) => [p.externalId, p.text, p.edited, p.deleted])).toEqual([
      [id, 'سنقتحم دارة عزة الليلة', false, false],
      [id, 'سنقتحم دارة عزة الليلة (تعديل)', true, false],
      [id, '', false, true],
      ['at://did:plc:qqqqqqqqqqqqqqqqqqqqqqqq/app.bsky.feed.post/3l3qo2vuzzz2b', 'no createdAt here', false, false],
    ]);
    // A record without createdAt keeps the relay's time for the event, marked as a stand-in.
    expect(result.posts[3]).toMatchObject({ publishedAt: '2026-03-14T10:30:00.000Z', publishedAtSource: 'fallback' });
    expect(result.posts[0]).toMatchObject({
      author: { id: 'did:plc:eygmaihciaxprqvxpfvl6flk', handle: null },
      publishedAt: '2026-03-14T10:26:02.102Z',
      url: 'https://bsky.app/profile/did%3Aplc%3Aeygmaihciaxprqvxpfvl6flk/post/3l3qo2vuowo2b',
      lang: 'ar',
    });
    expect(result.posts[0]!.media[0]).toMatch(/^https:\/\/cdn\.bsky\.app\/img\/feed_fullsize\/plain\/.+bafkreibjfgx2/);
    expect(result.skipped.map((s) => s.position)).toEqual([7]);
  });
});

describe('telegram channel preview', () => {
  const result = parsePayload('telegram', readFixture('telegram/channel-preview.html'), 'tg');
  const posts = byId(result.posts);

  it('reads the id from data-post, Arabic text with entities decoded, date, photo and link', () => {
    expect(posts.get('saraqib_now/4810')).toMatchObject({
      text: '⚠️ عاجل: تهديد مباشر لأهالي سراقب\n«سنحرق السوق فوق رؤوسكم» & المزيد هنا',
      author: { id: 'saraqib_now', handle: 'saraqib_now', displayName: 'قناة سراقب الآن' },
      publishedAt: '2026-03-14T10:00:00.000Z',
      url: 'https://t.me/saraqib_now/4810',
      links: ['https://news.example.org/saraqib/1'],
      media: ['https://cdn4.telesco.pe/file/photo_4810.jpg'],
      edited: false,
    });
    expect((posts.get('saraqib_now/4810')!.raw as { views: number }).views).toBe(12_400);
  });

  it('marks an edited message, converts its time to UTC and leaves out the quoted reply', () => {
    expect(posts.get('saraqib_now/4811')).toMatchObject({
      text: 'Update: the armed group repeated the threat against Saraqib "before Friday".',
      publishedAt: '2026-03-14T10:05:10.000Z',
      edited: true,
    });
  });

  it('keeps a media-only forwarded message and one without a date (at its fetch time, marked); skips a bad data-post', () => {
    expect(posts.get('saraqib_now/4812')).toMatchObject({ text: '', media: ['https://cdn4.telesco.pe/file/video_4812_thumb.jpg'] });
    expect((posts.get('saraqib_now/4812')!.raw as { forwarded_from: string }).forwarded_from).toBe('قناة أخرى');
    expect(posts.get('saraqib_now/4813')).toMatchObject({ text: 'رسالة بلا تاريخ', publishedAtSource: 'fetched' });
    expect(result.skipped.map((s) => s.position)).toEqual([5]);
  });

  it('refuses HTML that is not a channel preview', () => {
    expect(() => parsePayload('telegram', '<html><body>Login</body></html>', 'tg')).toThrow(/not a Telegram channel preview/);
  });
});

describe('reddit listing', () => {
  const result = parsePayload('reddit', readFixture('reddit/new.json'), 'rd');
  const posts = byId(result.posts);

  it('reads a self post: fullname id, title above the text, escaped HTML reduced, edited marker', () => {
    expect(posts.get('t3_1jb0a01')).toMatchObject({
      text: 'Threats against Saraqib market\n\nResidents of Saraqib report threats: "we will burn the market".\n\nSource in comments.',
      author: { id: 't2_8h3k2l1', handle: 'levant_watch' },
      publishedAt: '2026-03-14T10:00:00.000Z',
      url: 'https://www.reddit.com/r/syriancivilwar/comments/1jb0a01/threats_against_saraqib_market/',
      links: ['https://news.example.org/s'],
      edited: true,
    });
  });

  it('reads an Arabic link post with its outbound link and preview image', () => {
    expect(posts.get('t3_1jb0a02')).toMatchObject({
      text: 'تهديد لأهالي دارة عزة بالتهجير',
      publishedAt: '2026-03-14T09:36:40.000Z',
      links: ['https://news.example.org/ar/darat-izza'],
      media: ['https://external-preview.redd.it/abc.jpg?width=640&s=1f2e'],
    });
  });

  it('marks a removed post deleted and skips a comment and an item without a time', () => {
    expect(posts.get('t3_1jb0a03')).toMatchObject({ deleted: true, author: { handle: null } });
    expect(result.skipped.map((s) => s.position)).toEqual([4, 5]);
  });
});

describe('x recent search', () => {
  const result = parsePayload('x', readFixture('x/recent-search.json'), 'x');
  const posts = byId(result.posts);

  it('reads an Arabic tweet with its author from includes.users, t.co expanded, media attached', () => {
    expect(posts.get('1900512345678901236')).toMatchObject({
      text: 'سنقتحم سراقب ولن نترك فيها أحداً & هذا وعد https://news.example.org/saraqib/2',
      author: { id: '1234567890', handle: 'fajr_brigade', displayName: 'كتيبة الفجر' },
      lang: 'ar',
      publishedAt: '2026-03-14T10:20:00.000Z',
      url: 'https://x.com/fajr_brigade/status/1900512345678901236',
      links: ['https://news.example.org/saraqib/2'],
      media: ['https://pbs.twimg.com/media/GabcXYZ.jpg'],
    });
  });

  it('prefers the long note_tweet text and marks a tweet with an edit history as edited', () => {
    expect(posts.get('1900512345678901235')).toMatchObject({
      text: expect.stringContaining('naming the neighbourhoods'),
      author: { handle: 'levant_monitor' },
      edited: true,
    });
  });

  it('drops pseudo-languages and skips items with a bad id or no text', () => {
    expect(posts.get('1900512345678901234')).toMatchObject({ lang: null, author: { id: '555', handle: null } });
    expect(result.skipped.map((s) => s.position)).toEqual([4, 5]);
  });
});

describe('x recent search with the default fields', () => {
  const fetchedAt = new Date('2026-03-15T00:00:00Z');
  const result = parsePayload('x', readFixture('x/search-default-fields.json'), 'x', { now: fetchedAt });

  it('keeps tweets without created_at or includes.users, each timed by its Snowflake id and marked so', () => {
    expect(result.skipped).toEqual([]);
    expect(result.posts.map((p) => p.publishedAtSource)).toEqual(['snowflake', 'snowflake', 'snowflake', 'snowflake']);
    expect(result.posts[0]).toMatchObject({ author: { id: null, handle: null }, publishedAt: '2025-03-14T17:33:40.441Z' });
  });

  it('times a tweet by its id within the second X itself reports', () => {
    // X's documented example: tweet 1212092628029698048 created_at 2019-12-31T19:26:16.000Z.
    expect(snowflakeTime('1212092628029698048')!.slice(0, 19)).toBe('2019-12-31T19:26:16');
    expect(snowflakeTime('20')).toBeNull(); // pre-Snowflake sequential ids carry no time
  });
});

describe('mastodon v2 search', () => {
  const result = parsePayload('mastodon', readFixture('mastodon/search-v2.json'), 'masto', { now: new Date('2026-03-16T00:00:00Z') });

  it('takes the statuses of {accounts, statuses, hashtags}; one without created_at keeps its fetch time, marked', () => {
    expect(result.skipped).toEqual([]);
    expect(result.posts.map((p) => [p.externalId, p.publishedAt, p.publishedAtSource])).toEqual([
      ['113500000000000003', '2026-03-15T08:00:00.000Z', 'source'],
      ['113500000000000002', '2026-03-15T07:30:00.000Z', 'source'],
      ['113500000000000001', '2026-03-16T00:00:00.000Z', 'fetched'],
    ]);
  });

  it('polls keyword search through /api/v2/search?type=statuses', () => {
    const feed = feedSchema.parse({ name: 'm', kind: 'mastodon', instance: 'https://mastodon.social', timeline: 'search', query: 'دارة عزة' });
    const url = new URL(mastodonTimelineUrl(feed as FeedConfigOf<'mastodon'>, '113500000000000003'));
    expect([url.pathname, url.searchParams.get('type'), url.searchParams.get('q'), url.searchParams.get('min_id')]).toEqual([
      '/api/v2/search',
      'statuses',
      'دارة عزة',
      '113500000000000003',
    ]);
    expect(feedSchema.safeParse({ name: 'm', kind: 'mastodon', instance: 'https://mastodon.social', timeline: 'search' }).success).toBe(false);
  });
});

describe('json field mapping', () => {
  const mapping = {
    items: 'result.entries',
    id: 'entry_id',
    text: 'body',
    time: 'posted',
    url: 'link',
    author: 'user.handle',
    author_id: 'user.uid',
    author_name: 'user.name',
    lang: 'language',
    html: true,
  };
  const result = parsePayload('json', readFixture('json/partner-api.json'), 'api', { mapping });

  it('reads items through dotted paths: numeric ids and epoch times, HTML text, nested author', () => {
    expect(result.posts[0]).toMatchObject({
      externalId: '501',
      text: 'تهديد بـ"تطهير" كفرنبل',
      author: { id: 'u-1', handle: 'watcher1', displayName: 'راصد' },
      lang: 'ar',
      publishedAt: '2026-03-14T10:00:00.000Z',
      url: 'https://partner.example.org/e/501',
    });
    expect(result.posts[1]).toMatchObject({ externalId: '502', publishedAt: '2026-03-14T09:00:00.000Z', author: { handle: 'watcher2' } });
  });

  it('skips items without text, with an object id, or that are not objects', () => {
    expect(result.skipped.map((s) => s.position)).toEqual([3, 4, 5]);
  });

  it('refuses a payload without an array where the mapping points', () => {
    expect(() => parsePayload('json', '{"result":{}}', 'api', { mapping })).toThrow(/expected an array at "result.entries"/);
  });
});

describe('webhook bodies', () => {
  it('read the file-row format by default: handles vs names, offsets to UTC, missing time at the receiving time', () => {
    const result = parsePayload('webhook', readFixture('webhook/partner-push.json'), 'partner', { now: new Date('2026-03-15T00:00:00Z') });
    expect(result.posts.map((p) => [p.externalId, p.text, p.author.handle, p.author.displayName, p.publishedAt, p.publishedAtSource])).toEqual([
      ['evt-9001', 'سنقتحم دارة عزة فجر الجمعة', 'hawk', null, '2026-03-14T12:00:00.000Z', 'source'],
      ['9002', 'Market in Saraqib reopened today', null, 'Local Council', '2026-03-14T09:05:00.000Z', 'source'],
      ['evt-9003', 'missing time', null, null, '2026-03-15T00:00:00.000Z', 'fetched'],
    ]);
    expect(result.skipped).toEqual([]);
  });
});
