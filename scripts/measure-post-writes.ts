// Storing one batch of analysed posts, variant against variant, alternating in one run on a scratch
// database of DATABASE_URL's server (which must run on this machine): node CPU per batch
// (process.cpuUsage), the Postgres backend's CPU (/proc/<pid>/schedstat) from the first statement to
// the commit, and the wall time of the posts statement. Variants: the old statements (with and
// without the full analysis JSON), the new two statements with prebuilt array literals,
// json_to_recordset, jsonb_to_recordset, one statement, and the repository as it is in src (twice,
// to show the spread). Medians over the rounds; each round starts at the next variant.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx scripts/measure-post-writes.ts [ROUNDS=20] [BATCH=500]
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { analysedText, analyzePost, loadOrCompileAnalyzer, type Analysis } from '../src/analysis/index.js';
import { e2ePosts } from '../src/bench/e2e-posts.js';
import { loadConfig } from '../src/config/index.js';
import { connectDatabase, createScratchDatabase, migrateToLatest, type Db } from '../src/db/index.js';
import { contentFingerprint } from '../src/dedup/index.js';
import type { CanonicalPost } from '../src/feeds/index.js';
import { fileRowToRecord } from '../src/feeds/file/file-row.js';
import { arrayLiteral } from '../src/posts/array-literal.js';
import { clearFailedPosts, insertAnalyzedPosts, postKey } from '../src/posts/index.js';

type Item = { post: CanonicalPost; analysis: Analysis; fingerprint: string; clusterId: string | null };
type Row = Item & { id: string };

const rounds = Number(process.argv[2] ?? 20);
const batchSize = Number(process.argv[3] ?? 500);
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const config = loadConfig('config');
const analyzer = loadOrCompileAnalyzer(config);
const records = e2ePosts(config, batchSize, { seed: 3 });
const base: Item[] = records.map((r, i) => {
  const built = fileRowToRecord(r, 'measure', i + 1, null);
  if (!('post' in built) || !built.post) throw new Error('unbuildable post');
  const post = built.post;
  const analysis = analyzePost({ text: analysedText(post.text, config.thresholds.analysis.max_text_chars), lang: post.lang }, analyzer);
  return { post, analysis, fingerprint: contentFingerprint(post.text), clusterId: analysis.targets.length > 0 ? contentFingerprint(post.text) : null };
});
const batchOf = (round: number, variant: string): Item[] =>
  base.map((item) => ({ ...item, post: { ...item.post, externalId: `${item.post.externalId}-${variant}-${round}` } }));

const isCandidate = (a: Analysis) => a.signals.length > 0 || a.targets.length > 0;

/** The old statements: keys, `set local`, posts by 24 node-postgres arrays, failed posts cleared. */
async function oldWrite(db: Db, items: readonly Item[], timing: Timing, fullAnalysis: boolean): Promise<void> {
  const ordered = [...items].sort((a, b) => (postKey(a.post.feed, a.post.externalId) < postKey(b.post.feed, b.post.externalId) ? -1 : 1));
  const { rows: claimed } = await sql<{ post_id: string; feed: string; external_id: string }>`
    insert into post_keys (feed, external_id)
    select * from unnest(${ordered.map((i) => i.post.feed)}::text[], ${ordered.map((i) => i.post.externalId)}::text[])
    on conflict (feed, external_id) do nothing
    returning post_id, feed, external_id`.execute(db);
  const ids = new Map(claimed.map((row) => [postKey(row.feed, row.external_id), row.post_id]));
  await sql`set local placewatch.post_keys_claimed = 'on'`.execute(db);
  const rows = ordered.map((i) => ({ ...i, id: ids.get(postKey(i.post.feed, i.post.externalId))! }));
  const started = performance.now();
  await arraysByDriver(db, rows, fullAnalysis);
  timing.statement = performance.now() - started;
  await clearFailedPosts(
    db,
    items.map((i) => i.post),
  );
}

async function arraysByDriver(db: Db, rows: readonly Row[], fullAnalysis: boolean): Promise<void> {
  const column = <T>(value: (row: Row) => T): T[] => rows.map(value);
  await sql`
    insert into posts (
      id, feed, external_id, author_id, author_handle, author_name, text, lang, published_at, published_at_source,
      url, links, media, edited, deleted, truncated, raw, content_fingerprint, cluster_id, score, severity, analysis,
      config_version, model_version, analyzed_at)
    select *, ${new Date()}::timestamptz from unnest(
      ${column((r) => r.id)}::bigint[],
      ${column((r) => r.post.feed)}::text[],
      ${column((r) => r.post.externalId)}::text[],
      ${column((r) => r.post.author.id)}::text[],
      ${column((r) => r.post.author.handle)}::text[],
      ${column((r) => r.post.author.displayName)}::text[],
      ${column((r) => r.post.text)}::text[],
      ${column((r) => r.post.lang)}::text[],
      ${column((r) => r.post.publishedAt)}::timestamptz[],
      ${column((r) => r.post.publishedAtSource ?? 'source')}::text[],
      ${column((r) => r.post.url)}::text[],
      ${column((r) => JSON.stringify(r.post.links))}::jsonb[],
      ${column((r) => JSON.stringify(r.post.media))}::jsonb[],
      ${column((r) => r.post.edited)}::boolean[],
      ${column((r) => r.post.deleted)}::boolean[],
      ${column((r) => r.post.truncated)}::boolean[],
      ${column((r) => (r.post.raw === undefined ? null : JSON.stringify(r.post.raw)))}::jsonb[],
      ${column((r) => r.fingerprint)}::text[],
      ${column((r) => r.clusterId)}::text[],
      ${column((r) => r.analysis.score)}::real[],
      ${column((r) => r.analysis.severity)}::text[],
      ${column((r) => (fullAnalysis || isCandidate(r.analysis) ? JSON.stringify(r.analysis) : null))}::jsonb[],
      ${column((r) => r.analysis.configVersion)}::text[],
      ${column((r) => r.analysis.modelVersion)}::text[])`.execute(db);
}

async function arraysPrebuilt(db: Db, rows: readonly Row[]): Promise<void> {
  const column = (value: (row: Row) => string | null): string => arrayLiteral(rows.map(value));
  await sql`
    insert into posts (
      id, feed, external_id, author_id, author_handle, author_name, text, lang, published_at, published_at_source,
      url, links, media, edited, deleted, truncated, raw, content_fingerprint, cluster_id, score, severity, analysis,
      config_version, model_version, analyzed_at)
    select *, ${new Date()}::timestamptz from unnest(
      ${column((r) => r.id)}::bigint[],
      ${column((r) => r.post.feed)}::text[],
      ${column((r) => r.post.externalId)}::text[],
      ${column((r) => r.post.author.id)}::text[],
      ${column((r) => r.post.author.handle)}::text[],
      ${column((r) => r.post.author.displayName)}::text[],
      ${column((r) => r.post.text)}::text[],
      ${column((r) => r.post.lang)}::text[],
      ${column((r) => r.post.publishedAt)}::timestamptz[],
      ${column((r) => r.post.publishedAtSource ?? 'source')}::text[],
      ${column((r) => r.post.url)}::text[],
      ${column((r) => JSON.stringify(r.post.links))}::jsonb[],
      ${column((r) => JSON.stringify(r.post.media))}::jsonb[],
      ${column((r) => String(r.post.edited))}::boolean[],
      ${column((r) => String(r.post.deleted))}::boolean[],
      ${column((r) => String(r.post.truncated))}::boolean[],
      ${column((r) => (r.post.raw === undefined ? null : JSON.stringify(r.post.raw)))}::jsonb[],
      ${column((r) => r.fingerprint)}::text[],
      ${column((r) => r.clusterId)}::text[],
      ${column((r) => String(r.analysis.score))}::real[],
      ${column((r) => r.analysis.severity)}::text[],
      ${column((r) => (isCandidate(r.analysis) ? JSON.stringify(r.analysis) : null))}::jsonb[],
      ${column((r) => r.analysis.configVersion)}::text[],
      ${column((r) => r.analysis.modelVersion)}::text[])`.execute(db);
}

async function jsonRecordset(db: Db, rows: readonly Row[], type: 'json' | 'jsonb'): Promise<void> {
  const payload = JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      feed: r.post.feed,
      external_id: r.post.externalId,
      author_id: r.post.author.id,
      author_handle: r.post.author.handle,
      author_name: r.post.author.displayName,
      text: r.post.text,
      lang: r.post.lang,
      published_at: r.post.publishedAt,
      published_at_source: r.post.publishedAtSource ?? 'source',
      url: r.post.url,
      links: r.post.links,
      media: r.post.media,
      edited: r.post.edited,
      deleted: r.post.deleted,
      truncated: r.post.truncated,
      raw: r.post.raw,
      content_fingerprint: r.fingerprint,
      cluster_id: r.clusterId,
      score: r.analysis.score,
      severity: r.analysis.severity,
      analysis: isCandidate(r.analysis) ? r.analysis : null,
      config_version: r.analysis.configVersion,
      model_version: r.analysis.modelVersion,
    })),
  );
  const fn = type === 'json' ? sql`json_to_recordset(${payload}::json)` : sql`jsonb_to_recordset(${payload}::jsonb)`;
  await sql`
    insert into posts (
      id, feed, external_id, author_id, author_handle, author_name, text, lang, published_at, published_at_source,
      url, links, media, edited, deleted, truncated, raw, content_fingerprint, cluster_id, score, severity, analysis,
      config_version, model_version, analyzed_at)
    select r.*, ${new Date()}::timestamptz from ${fn} as r(
      id bigint, feed text, external_id text, author_id text, author_handle text, author_name text, text text, lang text,
      published_at timestamptz, published_at_source text, url text, links jsonb, media jsonb, edited boolean, deleted boolean,
      truncated boolean, raw jsonb, content_fingerprint text, cluster_id text, score real, severity text, analysis jsonb,
      config_version text, model_version text)`.execute(db);
}

interface Timing {
  statement: number;
}

/** Keys claimed (with the flag and the failed set in the same statement), then one posts statement. */
async function newWrite(
  db: Db,
  items: readonly Item[],
  timing: Timing,
  insert: (db: Db, rows: readonly Row[]) => Promise<void>,
  claim: 'batch cte' | 'two unnests' = 'two unnests',
): Promise<void> {
  const ordered = [...items].sort((a, b) => (postKey(a.post.feed, a.post.externalId) < postKey(b.post.feed, b.post.externalId) ? -1 : 1));
  const feeds = arrayLiteral(ordered.map((i) => i.post.feed));
  const externalIds = arrayLiteral(ordered.map((i) => i.post.externalId));
  const { rows: claimed } =
    claim === 'two unnests'
      ? await sql<{ post_id: string; feed: string; external_id: string }>`
    with claimed as (
      insert into post_keys (feed, external_id)
      select * from unnest(${feeds}::text[], ${externalIds}::text[])
      on conflict (feed, external_id) do nothing
      returning post_id, feed, external_id
    ), cleared as (
      delete from failed_posts where (feed, external_id) in (select * from unnest(${feeds}::text[], ${externalIds}::text[]))
    )
    select post_id, feed, external_id from claimed cross join (select set_config('placewatch.post_keys_claimed', 'on', true)) as flag`.execute(db)
      : await sql<{ post_id: string; feed: string; external_id: string }>`
    with batch as (
      select * from unnest(${feeds}::text[], ${externalIds}::text[]) as k(feed, external_id)
    ), claimed as (
      insert into post_keys (feed, external_id) select feed, external_id from batch
      on conflict (feed, external_id) do nothing
      returning post_id, feed, external_id
    ), cleared as (
      delete from failed_posts where (feed, external_id) in (select feed, external_id from batch)
    )
    select post_id, feed, external_id from claimed cross join (select set_config('placewatch.post_keys_claimed', 'on', true)) as flag`.execute(db);
  const ids = new Map(claimed.map((row) => [postKey(row.feed, row.external_id), row.post_id]));
  const rows = ordered.map((i) => ({ ...i, id: ids.get(postKey(i.post.feed, i.post.externalId))! }));
  const started = performance.now();
  await insert(db, rows);
  timing.statement = performance.now() - started;
}

/** Everything in one statement: keys claimed, flag set, failed set cleared, posts stored for the claimed keys. */
async function oneStatement(db: Db, items: readonly Item[], timing: Timing): Promise<void> {
  const ordered = [...items].sort((a, b) => (postKey(a.post.feed, a.post.externalId) < postKey(b.post.feed, b.post.externalId) ? -1 : 1));
  const started = performance.now();
  const payload = JSON.stringify(ordered.map((r) => rowObject({ ...r, id: '' })));
  await sql`
    with batch as materialized (
      select * from json_to_recordset(${payload}::json) as r(
        feed text, external_id text, author_id text, author_handle text, author_name text, text text, lang text,
        published_at timestamptz, published_at_source text, url text, links jsonb, media jsonb, edited boolean, deleted boolean,
        truncated boolean, raw jsonb, content_fingerprint text, cluster_id text, score real, severity text, analysis jsonb,
        config_version text, model_version text)
    ), claimed as (
      insert into post_keys (feed, external_id) select feed, external_id from batch
      on conflict (feed, external_id) do nothing
      returning post_id, feed, external_id
    ), cleared as (
      delete from failed_posts where (feed, external_id) in (select feed, external_id from batch)
    ), flag as materialized (
      select set_config('placewatch.post_keys_claimed', 'on', true) as on
    ), stored as (
      insert into posts (
        id, feed, external_id, author_id, author_handle, author_name, text, lang, published_at, published_at_source,
        url, links, media, edited, deleted, truncated, raw, content_fingerprint, cluster_id, score, severity, analysis,
        config_version, model_version, analyzed_at)
      select c.post_id, b.feed, b.external_id, author_id, author_handle, author_name, text, lang, published_at, published_at_source,
        url, links, media, edited, deleted, truncated, raw, content_fingerprint, cluster_id, score, severity, analysis,
        config_version, model_version, ${new Date()}::timestamptz
      from batch b join claimed c on c.feed = b.feed and c.external_id = b.external_id cross join flag
    )
    select post_id, feed, external_id from claimed`.execute(db);
  timing.statement = performance.now() - started;
}

function rowObject(r: Row) {
  return {
    id: r.id,
    feed: r.post.feed,
    external_id: r.post.externalId,
    author_id: r.post.author.id,
    author_handle: r.post.author.handle,
    author_name: r.post.author.displayName,
    text: r.post.text,
    lang: r.post.lang,
    published_at: r.post.publishedAt,
    published_at_source: r.post.publishedAtSource ?? 'source',
    url: r.post.url,
    links: r.post.links,
    media: r.post.media,
    edited: r.post.edited,
    deleted: r.post.deleted,
    truncated: r.post.truncated,
    raw: r.post.raw,
    content_fingerprint: r.fingerprint,
    cluster_id: r.clusterId,
    score: r.analysis.score,
    severity: r.analysis.severity,
    analysis: isCandidate(r.analysis) ? r.analysis : null,
    config_version: r.analysis.configVersion,
    model_version: r.analysis.modelVersion,
  };
}

async function repository(db: Db, items: readonly Item[], t: Timing): Promise<void> {
  const started = performance.now();
  await insertAnalyzedPosts(db, items);
  t.statement = performance.now() - started;
}

const variants: Record<string, (db: Db, items: readonly Item[], timing: Timing) => Promise<void>> = {
  old: (db, items, t) => oldWrite(db, items, t, true),
  'old-statements, threat analysis only': (db, items, t) => oldWrite(db, items, t, false),
  'new, prebuilt arrays': (db, items, t) => newWrite(db, items, t, arraysPrebuilt),
  'new, prebuilt arrays, batch cte claim': (db, items, t) => newWrite(db, items, t, arraysPrebuilt, 'batch cte'),
  'new, json_to_recordset': (db, items, t) => newWrite(db, items, t, (d, r) => jsonRecordset(d, r, 'json')),
  'new, jsonb_to_recordset': (db, items, t) => newWrite(db, items, t, (d, r) => jsonRecordset(d, r, 'jsonb')),
  'one statement, json_to_recordset': oneStatement,
  'repository (current src)': repository,
  'repository again (spread check)': repository,
};

function onCpuNs(pid: number): bigint {
  return BigInt(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]!);
}

const scratch = await createScratchDatabase(adminUrl, `pw_measure_writes_${process.pid}`);
const handle = await connectDatabase({ databaseUrl: scratch.url, dataDir: '' });
try {
  await migrateToLatest(handle.db);
  const stats = new Map<string, { cpu: number[]; statement: number[]; total: number[]; pg: number[] }>();
  for (let round = -2; round < rounds; round++) {
    // Each round starts at the next variant: none always follows the same neighbour.
    const entries = Object.entries(variants);
    for (let k = 0; k < entries.length; k++) {
      const [name, run] = entries[(k + round + 2) % entries.length]!;
      const items = batchOf(round + 10, name.replace(/\W+/g, ''));
      const timing: Timing = { statement: NaN };
      let cpu = process.cpuUsage();
      let started = performance.now();
      let backend = 0;
      let backendCpu = 0n;
      await handle.db.transaction().execute(async (tx) => {
        // The backend's own CPU time (ns, /proc/<pid>/schedstat), from the first statement to the commit.
        backend = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx)).rows[0]!.pid;
        backendCpu = onCpuNs(backend);
        cpu = process.cpuUsage();
        started = performance.now();
        await run(tx, items, timing);
      });
      const total = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const pgCpu = Number(onCpuNs(backend) - backendCpu) / 1e6;
      if (round < 0) continue; // warm-up
      const s = stats.get(name) ?? { cpu: [], statement: [], total: [], pg: [] };
      s.pg.push(pgCpu);
      s.cpu.push((used.user + used.system) / 1000);
      s.statement.push(timing.statement);
      s.total.push(total);
      stats.set(name, s);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const { rows: size } = await sql<{ n: string }>`
    select pg_size_pretty(sum(pg_total_relation_size(relid))) as n from pg_partition_tree('posts')`.execute(handle.db);
  const { rows: check } = await sql<{ n: string; k: string }>`select (select count(*) from posts) as n, (select count(*) from post_keys) as k`.execute(
    handle.db,
  );
  console.log(`posts ${check[0]!.n}, keys ${check[0]!.k}`);
  console.log(`${rounds} rounds of ${batchSize} posts per variant, alternating; medians (ms); posts relation ${size[0]!.n}`);
  for (const [name, s] of [...stats].sort(([a], [b]) => Object.keys(variants).indexOf(a) - Object.keys(variants).indexOf(b))) {
    console.log(
      `${name.padEnd(40)} node CPU ${median(s.cpu).toFixed(2)}  Postgres backend CPU ${median(s.pg).toFixed(2)}  posts statement ${median(s.statement).toFixed(2)}  transaction ${median(s.total).toFixed(2)}`,
    );
  }
} finally {
  await handle.close();
  await scratch.drop();
}
