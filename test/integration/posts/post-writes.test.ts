import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../../src/analysis/types.js';
import { connectDatabase, migrateToLatest, type Database, type DatabaseHandle } from '../../../src/db/index.js';
import type { CanonicalPost } from '../../../src/feeds/canonical-post.js';
import type { ScoredPost } from '../../../src/pipeline/index.js';
import { insertAnalyzedPosts, recordFailedPost } from '../../../src/posts/index.js';
import { useEmbeddedDatabase } from '../../helpers/embedded-database.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { syntheticThreat } from '../../helpers/synthetic-threats.js';

/** Strings that break naive array, JSON or CSV encodings; each must come back byte for byte. */
const HOSTILE = [
  'say "hi" and \'bye\'',
  'back\\slash \\" \\\\ and a trailing backslash \\',
  '{braces},{"and": "commas"},',
  'NULL',
  ' leading and trailing spaces ',
  'line\nbreak\r\nand\ttab',
  '{"looks": ["like", "json\\"s"], "n": null}',
  'تهديد لأهالي دارة عزة، الليلة',
  'emoji 🔥🏳️‍🌈 and a \u200d joiner',
  '',
];

/** A threat post (analysis kept) whose every free-text field is one of the hostile strings. */
function hostilePost(i: number): ScoredPost {
  const s = (k: number) => HOSTILE[(i + k) % HOSTILE.length]!;
  const base = syntheticThreat({ id: `hostile-${i} ${s(0)}`, author: s(1), minute: i, text: `${s(2)}|${s(3)}` });
  const post: CanonicalPost = {
    ...base.post,
    author: { id: s(4), handle: s(5), displayName: s(6) },
    url: `https://example.org/${encodeURIComponent(s(7))}?q="${s(8)}"`,
    links: [s(9), s(0)],
    media: [s(1)],
    raw: { text: s(2), nested: { list: [s(3), null, 1.5, true], [s(4) || 'empty']: s(5) } },
  };
  return { ...base, post, analysis: { ...base.analysis, explanation: s(6) } };
}

/** A post the analyzer found nothing in: no signal, no target. */
function quietPost(id: string): ScoredPost {
  const base = syntheticThreat({ id, author: 'quiet', minute: 1, severity: 'low', score: 0.05 });
  const analysis: Analysis = { ...base.analysis, targets: [], signals: [], category: null, configVersion: 'cfg-7', modelVersion: 'model-3' };
  return { ...base, analysis, clusterId: null };
}

/** The hostile batch stored, then read back field by field. */
async function storesHostileTextByteForByte(db: Kysely<Database>): Promise<void> {
  const batch = HOSTILE.map((_, i) => hostilePost(i));
  const stored = await insertAnalyzedPosts(db, batch);
  expect(stored.map((s) => s.post.externalId)).toEqual(batch.map((b) => b.post.externalId));
  for (const { post, analysis } of batch) {
    const { rows } = await sql<Record<string, unknown>>`
      select author_id, author_handle, author_name, text, url, links, media, raw, analysis, score, severity, config_version, model_version
      from posts where feed = ${post.feed} and external_id = ${post.externalId}`.execute(db);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toEqual({
      author_id: post.author.id,
      author_handle: post.author.handle,
      author_name: post.author.displayName,
      text: post.text,
      url: post.url,
      links: post.links,
      media: post.media,
      raw: post.raw,
      analysis: JSON.parse(JSON.stringify(analysis)),
      score: analysis.score,
      severity: analysis.severity,
      config_version: analysis.configVersion,
      model_version: analysis.modelVersion,
    });
  }
}

describe('storing a batch of analysed posts', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  const storedRow = async (feed: string, externalId: string) =>
    (
      await sql<Record<string, unknown>>`
        select author_id, author_handle, author_name, text, url, links, media, raw, analysis, score, severity, config_version, model_version
        from posts where feed = ${feed} and external_id = ${externalId}`.execute(handle.db)
    ).rows;

  beforeAll(async () => {
    database = await createTestDatabase('post_writes');
    handle = await connectDatabase({ databaseUrl: database.url, dataDir: '' });
    await migrateToLatest(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  it('stores hostile text byte for byte: quotes, backslashes, braces, commas, NULL, newlines, tabs, Arabic, emoji, JSON-looking text', async () => {
    await storesHostileTextByteForByte(handle.db);
  });

  it('stores a row the same whether the batch goes as one JSON parameter or, holding an escape jsonb would refuse, as arrays', async () => {
    const allRow = async (externalId: string) =>
      (
        await sql<Record<string, unknown>>`
          select to_jsonb(p) - 'id' - 'external_id' - 'ingested_at' - 'analyzed_at' as row
          from posts p where feed = 'synthetic' and external_id = ${externalId}`.execute(handle.db)
      ).rows.map((r) => r.row);
    const variants = (suffix: string): ScoredPost[] => {
      // The same posts each time (text, fingerprint, analysis); only the external id tells them apart.
      const hostile = hostilePost(3);
      const quiet = quietPost('quiet');
      const marked = syntheticThreat({ id: 'marked', author: 'm', minute: 9, score: 0.1 + 0.2 });
      return [
        { ...hostile, post: { ...hostile.post, externalId: `hostile-${suffix}`, edited: true, truncated: true, publishedAtSource: 'fetched' } },
        { ...quiet, post: { ...quiet.post, externalId: `quiet-${suffix}`, lang: null, url: 'https://example.org/q', raw: null } },
        {
          ...marked,
          post: { ...marked.post, externalId: `marked-${suffix}`, deleted: true, links: ['https://a.example/1'], raw: [1, 'two', { three: [3.25e-7] }] },
        },
      ];
    };
    // Text with a backslash before "ud" reads like a surrogate's escape in JSON: that batch goes as arrays.
    const lookalike = syntheticThreat({ id: 'lookalike', author: 'x', minute: 10, text: 'path C:\\udp\\ud800 is text' });
    await insertAnalyzedPosts(handle.db, variants('json'));
    await insertAnalyzedPosts(handle.db, [...variants('arrays'), lookalike]);
    for (const [json, arrays] of [
      ['hostile-json', 'hostile-arrays'],
      ['quiet-json', 'quiet-arrays'],
      ['marked-json', 'marked-arrays'],
    ] as const) {
      const [a, b] = [await allRow(json), await allRow(arrays)];
      expect(a).toHaveLength(1);
      expect(a).toEqual(b);
    }
    expect(await storedRow('synthetic', 'quiet-json')).toEqual([expect.objectContaining({ raw: null, analysis: null })]);
    expect((await allRow('marked-json'))[0]).toMatchObject({ raw: [1, 'two', { three: [3.25e-7] }], deleted: true, score: 0.3 });
    expect((await storedRow('synthetic', 'lookalike'))[0]!.text).toBe('path C:\\udp\\ud800 is text');
  });

  it('stores a post with no raw item with a SQL null raw, and one with a JSON null raw with a JSON null', async () => {
    const none = quietPost('raw-none');
    const jsonNull = quietPost('raw-json-null');
    await insertAnalyzedPosts(handle.db, [none, { ...jsonNull, post: { ...jsonNull.post, raw: null } }]);
    const { rows } = await sql<{ external_id: string; kind: string | null }>`
      select external_id, jsonb_typeof(raw) as kind from posts where external_id in ('raw-none', 'raw-json-null') order by 1`.execute(handle.db);
    expect(rows).toEqual([
      { external_id: 'raw-json-null', kind: 'null' },
      { external_id: 'raw-none', kind: null },
    ]);
  });

  it('keeps the analysis JSON of threat candidates only; every post keeps its score, severity and versions', async () => {
    const quiet = quietPost('quiet-1');
    const signalOnly = quietPost('signal-only');
    const withSignal: ScoredPost = {
      ...signalOnly,
      analysis: {
        ...signalOnly.analysis,
        signals: [{ phraseId: 'en-storm', pattern: 'storm', category: 'call_to_attack', weight: 0.7, span: { start: 0, end: 5, text: 'Storm' } }],
      },
    };
    const threat = syntheticThreat({ id: 'threat-1', author: 'x', minute: 2 });
    await insertAnalyzedPosts(handle.db, [quiet, withSignal, threat]);
    expect(await storedRow('synthetic', 'quiet-1')).toEqual([
      expect.objectContaining({ analysis: null, score: 0.05, severity: 'low', config_version: 'cfg-7', model_version: 'model-3' }),
    ]);
    expect((await storedRow('synthetic', 'signal-only'))[0]!.analysis).toMatchObject({ signals: [{ phraseId: 'en-storm' }] });
    expect((await storedRow('synthetic', 'threat-1'))[0]!.analysis).toMatchObject({ targets: [{ placeId: 'darat-izza' }] });
  });

  it('claims the keys first: a key twice in a batch is stored once from its first copy, a retried batch stores nothing', async () => {
    const first = syntheticThreat({ id: 'twice', author: 'first', minute: 3 });
    const second = syntheticThreat({ id: 'twice', author: 'second', minute: 4 });
    const other = syntheticThreat({ id: 'once', author: 'other', minute: 5 });
    const stored = await insertAnalyzedPosts(handle.db, [first, other, second]);
    expect(stored.map((s) => [s.post.externalId, s.post.author.id])).toEqual([
      ['twice', 'first'],
      ['once', 'other'],
      ['twice', 'second'],
    ]);
    expect(stored[0]!.id).toBe(stored[2]!.id);
    expect((await storedRow('synthetic', 'twice')).map((r) => r.author_id)).toEqual(['first']);
    expect(await insertAnalyzedPosts(handle.db, [other, first])).toEqual([]);
    const { rows } = await sql<{ n: string }>`select count(*) as n from posts where external_id in ('twice', 'once')`.execute(handle.db);
    expect(Number(rows[0]!.n)).toBe(2);
  });

  it('takes the batch out of the failed set and marks its keys claimed, in the caller’s transaction', async () => {
    const retried = syntheticThreat({ id: 'was-failed', author: 'x', minute: 6 });
    const stillFailed = syntheticThreat({ id: 'still-failed', author: 'x', minute: 7 });
    await recordFailedPost(handle.db, retried.post, 'refused earlier');
    await recordFailedPost(handle.db, stillFailed.post, 'refused earlier');
    const claimed = await handle.db.transaction().execute(async (tx) => {
      await insertAnalyzedPosts(tx, [retried]);
      return (await sql<{ flag: string | null }>`select current_setting('placewatch.post_keys_claimed', true) as flag`.execute(tx)).rows[0]!.flag;
    });
    expect(claimed).toBe('on');
    const { rows } = await sql<{ external_id: string }>`select external_id from failed_posts order by 1`.execute(handle.db);
    expect(rows.map((r) => r.external_id)).toEqual(['still-failed']);
  });

  // The rows go to PGlite as JSON text, to a server as a binary jsonb parameter (see JsonbParameter).
  describe('on embedded PGlite', () => {
    const embedded = useEmbeddedDatabase('pw-post-writes-');

    it('stores hostile text byte for byte too', async () => {
      expect(embedded().kind).toBe('pglite');
      await storesHostileTextByteForByte(embedded().db);
    });
  });
});
