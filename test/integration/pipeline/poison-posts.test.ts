import { QueueEvents } from 'bullmq';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPost, type PostDraft } from '../../../src/feeds/build-post.js';
import type { CanonicalPost } from '../../../src/feeds/canonical-post.js';
import { analyzeBatch, ingestFile } from '../../../src/pipeline/index.js';
import { enqueuePosts } from '../../../src/polling/index.js';
import { QUEUE } from '../../../src/queue/index.js';
import { startAnalyzer } from '../../../workers/analyzer.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { storedPostCounts } from '../../helpers/chaos-checks.js';
import { postStream } from '../../helpers/post-stream.js';
import { tempConfig } from '../../helpers/temp-config.js';
import { openTestRuntime, SHIPPED_CONFIG, type TestRuntime } from '../../helpers/test-runtime.js';

const THREATS = [
  'We will kill the people of Darat Izza, storm the town tonight',
  'اقتحموا دارة عزة واقتلوا أهلها الخونة',
  'We will burn the people of Darat Izza alive tomorrow',
];

function post(feed: string, id: string, text: string, minute: number, author = `a-${id}`): CanonicalPost {
  return {
    feed,
    externalId: id,
    author: { id: author, handle: author, displayName: null },
    text,
    lang: null,
    publishedAt: new Date(Date.UTC(2026, 10, 20, 10, minute)).toISOString(),
    url: null,
    links: [],
    media: [],
    edited: false,
    deleted: false,
    truncated: false,
  };
}

/** A stored string still holding a character Postgres or UTF-8 refuses. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('a hostile post never costs its neighbours', () => {
  let t: TestRuntime;
  beforeAll(async () => {
    // Rules alone decide: what is checked here is storage, not the statistical model's judgement.
    const thresholds = readFileSync(path.join(SHIPPED_CONFIG, 'thresholds.yaml'), 'utf8');
    t = await openTestRuntime({ label: 'poison', configDir: tempConfig({ 'thresholds.yaml': `${thresholds}\nmodel:\n  file: null\n` }) });
  });
  afterAll(async () => t?.dispose());

  const rows = async (feed: string) => {
    const db = t.runtime.database.db;
    return {
      stored: (
        await sql<{ external_id: string; text: string; author_handle: string | null }>`
        select external_id, text, author_handle from posts where feed = ${feed} order by external_id`.execute(db)
      ).rows,
      failed: (await sql<{ external_id: string; error: string }>`select external_id, error from failed_posts where feed = ${feed}`.execute(db)).rows,
      alerts: (
        await sql<{ id: string }>`
        select distinct ap.alert_id as id from alert_posts ap join posts p on p.id = ap.post_id where p.feed = ${feed}`.execute(db)
      ).rows,
      notifications: (
        await sql<{ n: number }>`
        select count(*)::int as n from notifications where alert_id in (
          select ap.alert_id from alert_posts ap join posts p on p.id = ap.post_id where p.feed = ${feed})`.execute(db)
      ).rows[0]!.n,
    };
  };

  it('splits a batch the database refuses: the threats are stored and alerted, the poison post goes to failed_posts', async () => {
    const deps = { db: t.runtime.database.db, active: t.runtime.config.current, logger: t.runtime.logger, publicUrl: 'http://x' };
    // Built below the sanitiser, as a post from an older producer or a bug elsewhere would arrive.
    const batch = [
      post('poison', 'good-1', THREATS[0]!, 0),
      post('poison', 'good-2', THREATS[1]!, 2),
      post('poison', 'bad', `${THREATS[2]!}\u0000`, 4),
      post('poison', 'good-3', 'Olive harvest starts next week in Taftanaz', 6),
    ];
    const outcome = await analyzeBatch(deps, batch);
    expect(outcome).toMatchObject({ stored: 3, failed: 1 });
    const after = await rows('poison');
    expect(after.stored.map((r) => r.external_id)).toEqual(['good-1', 'good-2', 'good-3']);
    expect(after.failed).toEqual([{ external_id: 'bad', error: expect.stringMatching(/^could not be stored: .*0x00/) }]);
    expect(after.alerts.length).toBeGreaterThan(0);
    expect(after.notifications).toBeGreaterThan(0);
    // A retry of the job changes nothing: stored posts are skipped, the failure is counted again.
    await analyzeBatch(deps, batch);
    expect((await rows('poison')).stored).toHaveLength(3);
  });

  it('hostile posts through the analyze queue are stored sanitised or listed in failed_posts, and every neighbour is stored', async () => {
    const when = (minute: number) => new Date(Date.UTC(2026, 10, 21, 9, minute)).toISOString();
    const hostile: PostDraft[] = [
      { externalId: 'nul-text', text: `${THREATS[0]!}\u0000\u0000`, published: when(1) },
      { externalId: 'nul-author', text: 'market prices in Taftanaz', author: { handle: 'evil\u0000', displayName: 'E\u0000vil' }, published: when(2) },
      { externalId: 'surrogates', text: `lone \uD800 high and \uDC00 low ${THREATS[2]!}`, author: { displayName: '\uDBFF' }, published: when(3) },
      { externalId: 'two-mb', text: `${THREATS[0]!} ${'x'.repeat(2 * 1024 * 1024)}`, published: when(4) },
      { externalId: 'deep-raw', text: 'deep raw item', published: when(5), raw: { id: 'deep-raw', extra: nested(10_000), 'k\u0000': '\uD800' } },
    ];
    const good: PostDraft[] = THREATS.map((text, i) => ({ externalId: `good-${i}`, text, published: when(10 + i) }));
    const drafts = [good[0]!, ...hostile.slice(0, 3), good[1]!, ...hostile.slice(3), good[2]!];
    const posts = drafts.map((d) => {
      const built = buildPost('hostile', d);
      if (!('post' in built)) throw new Error(`${d.externalId}: ${built.reason}`);
      return built.post;
    });
    const worker = startAnalyzer(t.runtime);
    const events = new QueueEvents(QUEUE.analyze, { connection: t.runtime.redis.duplicate(), prefix: t.prefix });
    try {
      await events.waitUntilReady();
      for (const id of await enqueuePosts(t.runtime.queues, 'hostile', posts)) {
        await (await t.runtime.queues.analyze.getJob(id))?.waitUntilFinished(events, 60_000);
      }
    } finally {
      await events.close();
      await worker.close();
    }
    const after = await rows('hostile');
    const stored = new Map(after.stored.map((r) => [r.external_id, r]));
    const failed = new Set(after.failed.map((r) => r.external_id));
    for (const g of good) expect(stored.has(g.externalId!)).toBe(true);
    for (const h of hostile) expect(stored.has(h.externalId!) || failed.has(h.externalId!)).toBe(true);
    for (const r of after.stored) {
      expect(r.text).not.toContain('\u0000');
      expect(r.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
    expect(stored.get('two-mb')!.text.length).toBeLessThanOrEqual(20_000);
    expect(after.alerts.length).toBeGreaterThan(0);
  });

  it('3,000 good posts with 20 hostile ones interleaved, through the analyze queue: every good post stored, each hostile one stored sanitised or in failed_posts', async () => {
    const FEED = 'poison-mix';
    const good = postStream(3_000, FEED);
    const when = (i: number) => new Date(Date.UTC(2026, 10, 23, 6, i)).toISOString();
    const deepExtra = { id: 'x', extra: nested(10_000) };
    // Ten as an adapter builds them (through the sanitiser)…
    const drafts: PostDraft[] = [
      { externalId: 'h-nul-text', text: `${THREATS[0]!}\u0000`, published: when(0) },
      { externalId: 'h-nul-author', text: THREATS[1]!, author: { id: 'i\u0000d', handle: 'ev\u0000il', displayName: '\u0000' }, published: when(1) },
      { externalId: 'h-high-surrogate', text: `${THREATS[2]!} \uD83D`, published: when(2) },
      { externalId: 'h-low-surrogate-author', text: 'market day in Atarib', author: { handle: '\uDE00x', displayName: 'a\uDBFF' }, published: when(3) },
      { externalId: 'h-two-mb', text: `${THREATS[0]!} ${'y'.repeat(2 * 1024 * 1024)}`, published: when(4) },
      { externalId: 'h-two-mb-nul', text: `${'\u0000z'.repeat(1024 * 1024)} ${THREATS[2]!}`, published: when(5) },
      { externalId: 'h-deep-extra', text: 'deep extra field', published: when(6), raw: deepExtra },
      { externalId: 'h-raw-strings', text: 'raw with bad strings', published: when(7), raw: { 'k\u0000': '\uD800', v: ['\u0000', '\uDFFF'] } },
      { externalId: 'h-url', text: THREATS[1]!, url: 'https://example.org/\u0000\uD800', published: when(8) },
      { externalId: 'h-everything', text: `\uDC00${THREATS[0]!}\u0000`, author: { handle: '\uD800\u0000' }, published: when(9), raw: deepExtra },
    ];
    const built = drafts.map((d) => {
      const result = buildPost(FEED, d);
      if (!('post' in result)) throw new Error(`${d.externalId}: ${result.reason}`);
      return result.post;
    });
    // …and ten from below it, as an older producer or a bug elsewhere would queue them.
    const below = (id: string, text: string, extra: Partial<CanonicalPost> = {}): CanonicalPost => ({ ...post(FEED, id, text, 30), ...extra });
    const raw: CanonicalPost[] = [
      below('r-nul-text', `${THREATS[0]!}\u0000`),
      below('r-nul-author', THREATS[1]!, { author: { id: '\u0000', handle: 'x\u0000', displayName: null } }),
      below('r-lone-surrogate', `${THREATS[2]!}\uD800`),
      below('r-surrogate-author', 'bread in Saraqib', { author: { id: null, handle: '\uDC00', displayName: '\uDBFF' } }),
      // Deep enough to overflow JSON.stringify: enqueuePosts bounds it before queuing.
      below('r-deep-extra', 'deep extra below', { raw: { id: 'x', extra: nested(10_000) } }),
      below('r-nul-raw', 'nul in raw', { raw: { text: 'a\u0000b' } }),
      below('r-surrogate-raw', 'surrogate in raw', { raw: { text: '\uD800' } }),
      below('r-max-text-nul', `${'w'.repeat(19_990)}\u0000`),
      below('r-nul-url', THREATS[0]!, { url: 'https://example.org/\u0000' }),
      below('r-nul-lang', 'lang with nul', { lang: 'e\u0000n' }),
    ];
    const hostile = [...built, ...raw];
    // One hostile post after every 150 good ones, so most batches carry one.
    const posts = good.flatMap((p, i) => (i % 150 === 149 ? [p, hostile[(i - 149) / 150]!] : [p]));
    expect(posts).toHaveLength(3_020);

    const worker = startAnalyzer(t.runtime);
    const events = new QueueEvents(QUEUE.analyze, { connection: t.runtime.redis.duplicate(), prefix: t.prefix });
    try {
      await events.waitUntilReady();
      for (const id of await enqueuePosts(t.runtime.queues, FEED, posts)) {
        await (await t.runtime.queues.analyze.getJob(id))?.waitUntilFinished(events, 120_000);
      }
    } finally {
      await events.close();
      await worker.close();
    }
    const db = t.runtime.database.db;
    const stored = (
      await sql<{ external_id: string; text: string; author_id: string | null; author_handle: string | null; author_name: string | null; url: string | null }>`
        select external_id, text, author_id, author_handle, author_name, url from posts where feed = ${FEED}`.execute(db)
    ).rows;
    const failed = (await sql<{ external_id: string }>`select external_id from failed_posts where feed = ${FEED}`.execute(db)).rows;
    const storedIds = new Set(stored.map((r) => r.external_id));
    const failedIds = new Set(failed.map((r) => r.external_id));
    expect(good.filter((p) => !storedIds.has(p.externalId)).map((p) => p.externalId)).toEqual([]);
    // Nothing silently dropped: each hostile post is in exactly one of the two tables.
    const unaccounted = hostile.filter((h) => storedIds.has(h.externalId) === failedIds.has(h.externalId)).map((h) => h.externalId);
    expect(unaccounted).toEqual([]);
    expect(stored.length + failed.length).toBe(posts.length);
    const counts = await storedPostCounts(db);
    expect(counts.n, 'a post stored twice').toBe(counts.distinct);
    for (const r of stored) {
      for (const value of [r.text, r.author_id, r.author_handle, r.author_name, r.url]) {
        if (value !== null) expect(UNSTORABLE.test(value), `${r.external_id}: ${JSON.stringify(value.slice(0, 80))}`).toBe(false);
      }
    }
    // Everything the sanitiser saw was stored; only posts queued from below it may be listed as failed.
    expect(built.filter((p) => !storedIds.has(p.externalId)).map((p) => p.externalId)).toEqual([]);
    expect(stored.find((r) => r.external_id === 'h-two-mb')!.text.length).toBeLessThanOrEqual(20_000);
    expect(await t.runtime.queues.analyze.getFailedCount()).toBe(0);
  }, 180_000);

  it('an import goes on past a 10,000-deep JSON line and a 2 MB line, reporting each by its line number', async () => {
    const line = (i: number) => JSON.stringify({ id: `i-${i}`, text: `post number ${i} from Taftanaz`, published_at: '2026-11-22T08:00:00Z' });
    const deep = `{"id":"deep","text":"x","published_at":"2026-11-22T08:00:00Z","extra":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
    const huge = JSON.stringify({ id: 'huge', text: 'k'.repeat(2 * 1024 * 1024), published_at: '2026-11-22T08:00:00Z' });
    const lines = [line(1), line(2), deep, line(3), huge, line(4), line(5)];
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'pw-import-')), 'hostile.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const report = await ingestFile(t.runtime, file, { feed: 'hostile-import' });
    expect(report.posts).toBe(5);
    expect(report.skipped).toEqual([
      { position: 3, reason: expect.stringMatching(/nested deeper than/) },
      { position: 5, reason: expect.stringMatching(/longer than/) },
    ]);
  });
});
