import { mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CanonicalPost, SkippedItem } from '../../../src/feeds/index.js';
import { getAdapter, parsePayload, readPostsFromFile } from '../../../src/feeds/index.js';
import { MAX_RECORD_BYTES } from '../../../src/feeds/file/read-posts-from-file.js';
import { feedsFileSchema } from '../../../src/config/schema/feeds.js';
import { fixturePath, readFixture } from './fixture-path.js';

const dir = mkdtempSync(path.join(tmpdir(), 'placewatch-feeds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(file: string, format?: 'jsonl' | 'csv') {
  const posts: CanonicalPost[] = [];
  const skipped: SkippedItem[] = [];
  for await (const record of readPostsFromFile(file, { feed: 'import', format })) {
    if (record.post) posts.push(record.post);
    else skipped.push(record.skipped);
  }
  return { posts, skipped };
}

describe('JSONL import', () => {
  it('reads good rows field by field and skips bad ones with their line numbers', async () => {
    const { posts, skipped } = await readAll(fixturePath('file/posts.jsonl'));
    expect(posts).toHaveLength(4);
    expect(posts[0]).toMatchObject({
      feed: 'import',
      externalId: 'p-1',
      text: 'الطريق إلى المدرسة مغلق بسبب الأشغال',
      author: { handle: 'hay_watch', displayName: null },
      publishedAt: '2024-05-11T08:00:00.000Z',
      url: 'https://social.example.org/@hay_watch/1',
      lang: 'ar',
    });
    expect(posts[1]).toMatchObject({ externalId: '2', author: { displayName: 'Lina K.' }, publishedAt: '2024-05-11T06:30:00.000Z', lang: null });
    // A row without a time is kept at the time it was read, marked so.
    expect(posts[2]).toMatchObject({ externalId: 'p-3', text: 'missing time', publishedAtSource: 'fetched' });
    expect(posts[3]).toMatchObject({ externalId: 'p-7', author: { handle: null, displayName: null }, url: null, publishedAt: '2024-05-11T09:00:00.000Z' });
    expect(skipped.map((s) => s.position)).toEqual([5, 6, 7]);
    expect(skipped[0]!.reason).toMatch(/^not JSON/);
    expect(skipped[1]!.reason).toBe('id: must not be empty');
    expect(skipped[2]!.reason).toBe('not a JSON object');
  });

  it('skips an over-long line without buffering it and goes on', async () => {
    const file = path.join(dir, 'long.ndjson');
    const good = JSON.stringify({ id: 'ok', text: 'after', published_at: '2024-05-01T00:00:00Z' });
    writeFileSync(file, `${'x'.repeat(MAX_RECORD_BYTES + 10)}\n${good}\n`);
    const { posts, skipped } = await readAll(file);
    expect(skipped).toEqual([{ position: 1, reason: `line longer than ${MAX_RECORD_BYTES} bytes` }]);
    expect(posts.map((p) => p.externalId)).toEqual(['ok']);
  });

  it('streams a large file record by record', async () => {
    const file = path.join(dir, 'many.jsonl');
    const out = createWriteStream(file);
    for (let i = 0; i < 20_000; i++) {
      const line = `${JSON.stringify({ id: `r${i}`, author: 'a', text: `نص رقم ${i}`, published_at: '2024-05-01T00:00:00Z' })}\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    let count = 0;
    let last = '';
    for await (const record of readPostsFromFile(file, { feed: 'bulk' })) {
      count += 1;
      last = record.post?.externalId ?? '';
    }
    expect(count).toBe(20_000);
    expect(last).toBe('r19999');
  });
});

describe('CSV import', () => {
  it('reads quoted fields with commas, doubled quotes and newlines; skips bad rows by line', async () => {
    const { posts, skipped } = await readAll(fixturePath('file/posts.csv'));
    expect(posts.map((p) => p.externalId)).toEqual(['p-1', 'p-2', 'p-5']);
    expect(posts[0]).toMatchObject({
      text: 'قال: "الماء مقطوع منذ يومين"، والبلدية لا ترد',
      author: { handle: 'balda_voice' },
      publishedAt: '2024-05-12T07:00:00.000Z',
      url: 'https://social.example.org/1',
      lang: 'ar',
    });
    expect(posts[1]).toMatchObject({ text: 'Three lines:\nfirst, with a comma\nthird', publishedAt: '2024-05-12T05:00:00.000Z', url: null, lang: 'en' });
    expect(skipped).toEqual([
      { position: 6, reason: expect.stringMatching(/^bad CSV record: .*columns length is 6, got 8/) },
      { position: 7, reason: 'no text and no media' },
    ]);
  });

  it('keeps every record around a 2 MB one and reports the oversized record with the line it starts on', async () => {
    const file = path.join(dir, 'oversized.csv');
    const huge = 'x'.repeat(2 * 1024 * 1024);
    writeFileSync(
      file,
      [
        'id,author,text,published_at',
        '1,a,before,2024-05-01T00:00:00Z',
        `2,b,"two lines\n${huge}",2024-05-01T00:01:00Z`,
        '3,c,"right after, quoted",2024-05-01T00:02:00Z',
        `4,d,${huge},2024-05-01T00:03:00Z`,
        '5,e,after the unquoted one,2024-05-01T00:04:00Z',
        '',
      ].join('\n'),
    );
    const { posts, skipped } = await readAll(file);
    expect(posts.map((p) => p.externalId)).toEqual(['1', '3', '5']);
    expect(skipped).toEqual([
      { position: 3, reason: expect.stringMatching(new RegExp(`^CSV record longer than ${MAX_RECORD_BYTES} bytes`)) },
      { position: 6, reason: expect.stringMatching(new RegExp(`^CSV record longer than ${MAX_RECORD_BYTES} bytes`)) },
    ]);
  });

  it('requires a header naming id, text and published_at', async () => {
    await expect(readAll(fixturePath('file/wrong-header.csv'))).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringContaining('CSV header must name id, text, published_at'),
    });
  });

  it('honours an explicit format over the extension', async () => {
    const file = path.join(dir, 'export.txt');
    writeFileSync(file, 'id,text,published_at\n1,hello,2024-05-01T00:00:00Z\n');
    expect((await readAll(file, 'csv')).posts[0]!.text).toBe('hello');
    await expect(readAll(file)).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });
});

describe('file errors', () => {
  it('says clearly when the file is missing', async () => {
    await expect(readAll(path.join(dir, 'nope.jsonl'))).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringContaining('nope.jsonl: file not found'),
    });
  });

  it('says clearly when the path is a directory', async () => {
    const sub = path.join(dir, 'folder.csv');
    (await import('node:fs')).mkdirSync(sub, { recursive: true });
    await expect(readAll(sub)).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });
});

describe('file payloads and the file adapter', () => {
  it('parses an in-memory payload of either format (sniffed)', () => {
    const jsonl = parsePayload('file', readFixture('file/posts.jsonl'), 'saved');
    const csv = parsePayload('file', readFixture('file/posts.csv'), 'saved');
    expect([jsonl.posts.length, jsonl.skipped.length]).toEqual([4, 3]);
    expect([csv.posts.length, csv.skipped.length]).toEqual([3, 2]);
    expect(csv.posts[1]!.text).toBe('Three lines:\nfirst, with a comma\nthird');
  });

  it('pages through a file, then reports it unchanged, then re-reads it after a change', async () => {
    const file = path.join(dir, 'paged.jsonl');
    const rows = Array.from({ length: 5 }, (_, i) => JSON.stringify({ id: `n${i}`, text: `t${i}`, published_at: '2024-05-01T00:00:00Z' }));
    writeFileSync(file, `${rows.join('\n')}\n`);
    const feed = { name: 'paged', kind: 'file' as const, path: 'paged.jsonl', enabled: true, interval: '5m' };
    const adapter = getAdapter('file');
    const ctx = { maxPosts: 2, env: { PLACEWATCH_IMPORT_DIR: dir } };
    const first = await adapter.fetchPage(feed, {}, ctx);
    expect(first.posts.map((p) => p.externalId)).toEqual(['n0', 'n1']);
    expect(first.hasMore).toBe(true);
    const second = await adapter.fetchPage(feed, first.nextState, ctx);
    const third = await adapter.fetchPage(feed, second.nextState, ctx);
    expect([...second.posts, ...third.posts].map((p) => p.externalId)).toEqual(['n2', 'n3', 'n4']);
    expect(third.hasMore).toBe(false);
    const again = await adapter.fetchPage(feed, third.nextState, ctx);
    expect(again).toMatchObject({ notModified: true, posts: [] });

    writeFileSync(file, `${rows.join('\n')}\n${JSON.stringify({ id: 'n5', text: 't5', published_at: '2024-05-02T00:00:00Z' })}\n`);
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    const changed = await adapter.fetchPage(feed, again.nextState, { ...ctx, maxPosts: 10 });
    expect(changed.posts.map((p) => p.externalId)).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'n5']);
  });
});

describe('file feeds stay inside the import directory', () => {
  const row = JSON.stringify({ id: 's1', text: 'secret line', published_at: '2024-05-01T00:00:00Z' });

  it('refuses absolute paths and ".." in config, naming the field', () => {
    for (const bad of ['/etc/passwd', '../data/secret.key', 'ok/../../x.jsonl']) {
      const result = feedsFileSchema.safeParse({ feeds: [{ name: 'f', kind: 'file', path: bad }] });
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]).toMatchObject({ path: ['feeds', 0, 'path'], message: expect.stringMatching(/inside the import directory/) });
    }
    expect(feedsFileSchema.safeParse({ feeds: [{ name: 'f', kind: 'file', path: 'archives/2017.jsonl' }] }).success).toBe(true);
  });

  it('refuses a symlink that leads out of the import directory', async () => {
    const importDir = mkdtempSync(path.join(tmpdir(), 'pw-import-'));
    const outside = mkdtempSync(path.join(tmpdir(), 'pw-outside-'));
    writeFileSync(path.join(outside, 'server.jsonl'), `${row}\n`);
    symlinkSync(path.join(outside, 'server.jsonl'), path.join(importDir, 'link.jsonl'));
    writeFileSync(path.join(importDir, 'ok.jsonl'), `${row}\n`);
    const adapter = getAdapter('file');
    const env = { PLACEWATCH_IMPORT_DIR: importDir };
    const feed = (p: string) => ({ name: 'f', kind: 'file' as const, path: p, enabled: true, interval: '5m' });
    await expect(adapter.fetchPage(feed('link.jsonl'), {}, { env })).rejects.toThrow(/outside the import directory/);
    // A path that slipped past validation (a version stored before the rule) is refused as well.
    await expect(adapter.fetchPage(feed(path.join(outside, 'server.jsonl')), {}, { env })).rejects.toThrow(/outside the import directory/);
    const ok = await adapter.fetchPage(feed('ok.jsonl'), {}, { env });
    expect(ok.posts.map((p) => p.externalId)).toEqual(['s1']);
  });
});
