import { describe, expect, it } from 'vitest';
import { isPlacewatchError } from '../../../src/errors.js';
import { parsePayload } from '../../../src/feeds/index.js';
import { readFixture } from './fixture-path.js';

const NOW = new Date('2024-06-01T00:00:00Z');

function parse(fixture: string, kind = 'rss') {
  return parsePayload(kind, readFixture(fixture), 'test-feed', { now: NOW });
}

describe('RSS 2.0: Nitter-like bridge output', () => {
  const { posts, skipped } = parse('rss/nitter-like.xml');

  it('parses every item', () => {
    expect(skipped).toEqual([]);
    expect(posts).toHaveLength(3);
  });

  it('keeps Arabic text exactly and drops the title that repeats the tweet', () => {
    const [first] = posts;
    expect(first).toMatchObject({
      feed: 'test-feed',
      externalId: 'https://nitter.example.net/wadi_news/status/1786700000000000001#m',
      text: 'انقطاع الكهرباء عن حي الميدان منذ الصباح، والأهالي يطالبون البلدية بالتحرك\n\n#الميدان',
      publishedAt: '2024-05-04T08:15:00.000Z',
      url: 'https://nitter.example.net/wadi_news/status/1786700000000000001#m',
      author: { id: null, handle: 'wadi_news', displayName: null },
      // The channel says en-us for every tweet; Arabic script overrides a contradicting channel hint.
      lang: null,
      edited: false,
      deleted: false,
    });
  });

  it('collects links and inline images; decodes entities inside CDATA HTML', () => {
    const second = posts[1]!;
    expect(second.text.startsWith('Road to Tel Kharaba closed after the bridge inspection; detour via the north gate & market street')).toBe(true);
    expect(second.links).toEqual(['https://maps.example.org/detour?id=42&z=14']);
    expect(second.media).toEqual(['https://nitter.example.net/pic/media%2FGabc123.jpg']);
    expect(second.lang).toBe('en');
    expect(second.publishedAt).toBe('2024-05-04T09:40:12.000Z');
  });

  it('credits a retweet to the original author and strips the bridge prefix', () => {
    const retweet = posts[2]!;
    expect(retweet.author.handle).toBe('old_town_lens');
    expect(retweet.text).toBe('صور من سوق البلدة القديمة بعد الترميم');
    expect(retweet.media).toHaveLength(2);
  });
});

describe('RSS 2.0: RSSHub-like Telegram channel', () => {
  const { posts, skipped } = parse('rss/rsshub-telegram.xml');

  it('reduces HTML to text: <br> as newlines, scripts and styles dropped, emoji kept', () => {
    expect(skipped).toEqual([]);
    expect(posts[0]).toMatchObject({
      externalId: 'https://t.me/balda_akhbar/1201',
      text: 'اجتماع مجلس البلدة مساء الخميس لمناقشة مياه الشرب في الأحياء الشرقية\nالدعوة عامة لجميع السكان\n\n📍 قاعة المدرسة الثانوية',
      author: { displayName: 'أخبار البلدة', handle: null },
      lang: 'ar',
      publishedAt: '2024-05-05T09:30:00.000Z',
      url: 'https://t.me/balda_akhbar/1201',
    });
    expect(posts[0]!.text).not.toContain('alert');
    expect(posts[0]!.text).not.toContain('color');
  });

  it('converts an RFC 822 +0300 time to UTC and decodes HTML named entities', () => {
    expect(posts[1]).toMatchObject({
      publishedAt: '2024-05-05T04:02:30.000Z',
      links: ['https://balda.example.org/news/77'],
      media: ['https://cdn.example.org/tg/1202.mp4'],
    });
    expect(posts[1]!.text).toContain('حتى إشعار آخر — يرجى');
    // The title is the start of the body, so it is not repeated.
    expect(posts[1]!.text.startsWith('تحذير: طريق الجسر مغلق حتى')).toBe(true);
  });
});

describe('RSS 2.0: a news site', () => {
  const { posts } = parse('rss/news-rss2.xml');

  it('unescapes entity-encoded HTML descriptions and keeps the headline above the body', () => {
    expect(posts[0]).toMatchObject({
      externalId: 'https://gazette.example.com/2024/05/footbridge',
      text: 'Council approves new footbridge near Darat school\n\nThe council voted 7–2 to fund the bridge.\nWork starts in June.\n\nResidents & shop owners welcomed it.',
      author: { displayName: 'Maya Haddad' },
      publishedAt: '2024-05-06T11:30:00.000Z',
      url: 'https://gazette.example.com/2024/05/footbridge?utm=rss&ref=feed',
      media: ['https://gazette.example.com/img/bridge.jpg', 'https://gazette.example.com/img/bridge-large.jpg'],
      lang: 'en',
    });
  });

  it('decodes numeric character references, reads "mail (Name)" authors and US zone names', () => {
    expect(posts[1]).toMatchObject({
      externalId: 'gazette-8812',
      text: 'Café owners — "we stay open"\n\nShort note: the market\'s cafés stay open late during the festival.',
      author: { displayName: 'Omar Saleh', handle: null },
      publishedAt: '2024-05-07T13:00:00.000Z',
      url: 'https://gazette.example.com/2024/05/cafe',
    });
  });

  it('prefers content:encoded, reads RFC 3339 in pubDate, and hashes an id when the item has none', () => {
    const third = posts[2]!;
    expect(third.text).toBe('Power restored in the eastern quarter\n\nPower was restored at 6 pm.\n\nWater pumps back online\n\nStreet lights tonight');
    expect(third.publishedAt).toBe('2024-05-08T15:05:00.000Z');
    expect(third.externalId).toMatch(/^sha256:[0-9a-f]{40}$/);
    expect(parse('rss/news-rss2.xml').posts[2]!.externalId).toBe(third.externalId);
  });
});

describe('RDF / RSS 1.0', () => {
  const { posts, skipped } = parse('rss/rdf.xml');

  it('reads items beside the channel with dc: fields', () => {
    expect(skipped).toEqual([]);
    expect(posts.map((p) => p.externalId)).toEqual(['https://board.example.org/notice/15', 'https://board.example.org/notice/16']);
    expect(posts[0]).toMatchObject({
      text: 'إعلان: توزيع الخبز من الفرن الآلي صباح السبت\n\nيبدأ التوزيع الساعة السابعة صباحاً.',
      author: { displayName: 'لجنة الحي' },
      lang: 'ar',
      publishedAt: '2024-05-09T05:30:00.000Z',
    });
    expect(posts[1]).toMatchObject({ lang: 'en', publishedAt: '2024-05-09T11:00:00.000Z', author: { displayName: 'Clinic staff' } });
  });
});

describe('Atom 1.0', () => {
  const { posts, skipped } = parse('atom/news.atom', 'atom');

  it('reads html content, enclosures, feed-level author and xml:lang', () => {
    expect(posts[0]).toMatchObject({
      externalId: 'tag:wadi.example.org,2024:entry-301',
      text: 'افتتاح مكتبة عامة في ساحة البلدة\n\nافتتحت البلدية مكتبة عامة جديدة في ساحة البلدة.\n\nتفتح يومياً من التاسعة حتى الخامسة.',
      author: { id: 'https://wadi.example.org/', displayName: 'نشرة الوادي' },
      lang: 'ar',
      publishedAt: '2024-05-10T06:15:30.000Z',
      url: 'https://wadi.example.org/ar/301',
      media: ['https://wadi.example.org/img/301.jpg'],
    });
  });

  it('keeps "<" in a plain-text summary, strips tags from an html title, reads @handles', () => {
    expect(posts[1]).toMatchObject({
      text: 'Market day moved to Friday\n\nBecause of the holiday, the weekly market moves to Friday. Stalls 1 < 40 stay in place.',
      author: { handle: 'market_desk', displayName: null },
      lang: 'en',
      url: 'https://wadi.example.org/en/302',
    });
  });

  it('reads xhtml content and falls back to updated with fractional seconds and odd offsets', () => {
    expect(posts[2]).toMatchObject({
      text: 'Water schedule\n\nTanks refill on Tuesdays.',
      publishedAt: '2024-05-09T21:30:00.250Z',
      author: { displayName: 'Utility office' },
    });
  });

  it('skips the entry with an unreadable time, naming its position', () => {
    expect(posts).toHaveLength(3);
    expect(skipped).toEqual([{ position: 4, reason: 'unreadable publication time "not a date"' }]);
  });

  it('parses the same document whichever of rss/atom the config says', () => {
    expect(parse('atom/news.atom', 'rss').posts).toEqual(posts);
  });
});

describe('malformed items', () => {
  it('skips each bad item with its position and reason while the rest parse', () => {
    const { posts, skipped } = parse('rss/malformed-items.xml');
    expect(posts.map((p) => p.text)).toEqual(['First good item', 'Last good item, no guid, no link']);
    expect(skipped).toEqual([
      { position: 2, reason: 'unreadable publication time "sometime last week"' },
      { position: 3, reason: 'item is not an element' },
      { position: 4, reason: 'no text and no media' },
    ]);
  });

  it('uses the fetch time when neither the item nor the channel has a date', () => {
    const xml = '<rss version="2.0"><channel><item><title>undated</title><guid>u-1</guid></item></channel></rss>';
    expect(parsePayload('rss', xml, 'f', { now: NOW }).posts[0]!.publishedAt).toBe(NOW.toISOString());
  });
});

describe('refusing DTDs before parsing', () => {
  it.each(['rss/doctype.xml', 'rss/entity-only.xml'])('refuses %s with FEED_PARSE_FAILED', (fixture) => {
    let error: unknown;
    try {
      parse(fixture);
    } catch (e) {
      error = e;
    }
    expect(isPlacewatchError(error) && error.code).toBe('FEED_PARSE_FAILED');
    expect((error as Error).message).toMatch(/<!(DOCTYPE|ENTITY); refused/);
  });

  it('refuses a lower-case doctype in UTF-16 too', () => {
    const xml = '\uFEFF<!doctype rss><rss version="2.0"><channel/></rss>';
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml.slice(1), 'utf16le')]);
    expect(() => parsePayload('rss', body, 'f')).toThrow(/DOCTYPE/);
  });

  it('never expands undeclared named entities; decodes only the XML five and numeric references', () => {
    const xml =
      '<rss version="2.0"><channel><item><guid>g</guid><title>a &amp; b &#1575;&#x644; &custom; &lt;3</title><pubDate>2024-05-01T00:00:00Z</pubDate></item></channel></rss>';
    // &custom; survives XML decoding and is not an HTML entity either, so it stays literal text.
    expect(parsePayload('rss', xml, 'f').posts[0]!.text).toBe('a & b ال &custom; <3');
  });
});

describe('documents that are not feeds', () => {
  it.each([
    ['an HTML page', '<html><body>hello</body></html>'],
    ['JSON', '{"items": []}'],
    ['empty', ''],
  ])('rejects %s as a whole with FEED_PARSE_FAILED', (_, body) => {
    expect(() => parsePayload('rss', body, 'f')).toThrow(expect.objectContaining({ code: 'FEED_PARSE_FAILED' }));
  });

  it('decodes a windows-1256 Arabic feed by its XML declaration', () => {
    const head = '<?xml version="1.0" encoding="windows-1256"?><rss version="2.0"><channel><item><guid>w</guid><title>';
    const tail = '</title><pubDate>2024-05-01T00:00:00Z</pubDate></item></channel></rss>';
    // "سلام" in windows-1256: س=0xD3 ل=0xE1 ا=0xC7 م=0xE3
    const body = Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from([0xd3, 0xe1, 0xc7, 0xe3]), Buffer.from(tail, 'latin1')]);
    expect(parsePayload('rss', body, 'f').posts[0]!.text).toBe('سلام');
  });
});
