import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { loadConfig } from '../config/index.js';
import { createScratchDatabase } from '../db/index.js';
import { ingestFile } from '../pipeline/index.js';
import { enqueuePosts } from '../polling/index.js';
import { connectRedis, deleteKeysWithPrefix, listenToQueueEvents, startEmbeddedRedis } from '../queue/index.js';
import { POST_ROW_ELEMENTS } from '../posts/index.js';
import { openRuntime, type Runtime } from '../runtime/index.js';
import { alertDifferences, alertSummary, slowRunAlerts } from './e2e-alerts.js';
import { CpuMeter, type RunCpu } from './process-cpu.js';
import { e2ePosts, type E2ePostRecord } from './e2e-posts.js';

export interface E2eBenchOptions {
  /** The config directory the pipeline runs with (places, lexicons, model). */
  readonly configDir: string;
  /** A Postgres server the bench creates (and drops) its own databases on; default DATABASE_URL. */
  readonly databaseUrl?: string;
  /** Default REDIS_URL, else a private redis-server. */
  readonly redisUrl?: string;
  /** Posts per throughput run (default 50,000). */
  readonly posts?: number;
  /** Offered rate of the latency run, posts/s (default 1,000). */
  readonly latencyRate?: number;
  /** Length of the latency run in seconds (default 10). */
  readonly latencySeconds?: number;
  /** Progress lines (stderr in the CLI). */
  readonly onProgress?: (line: string) => void;
}

/** One throughput run: N posts through ingest → analyze with `processes` analyzer processes. */
export interface E2eRun {
  readonly processes: number;
  readonly posts: number;
  readonly seconds: number;
  readonly posts_per_s: number;
  /** Posts stored, and of them those analysed (a score and an analysis time): both must equal `posts`. */
  readonly stored: number;
  readonly analysed: number;
  /** Distinct posts filed as evidence of an alert, and the alerts they opened. */
  readonly threat_posts: number;
  readonly alerts: number;
  /** Posts the analyzer failed on or the database refused. */
  readonly failed_posts: number;
  readonly failed_batches: number;
  /** The run's alerts (place, categories, post counts) are those of the slow reference run. */
  readonly alerts_equal_slow_run: boolean;
  /**
   * CPU seconds of the run by part (analyzers, this process's ingest, Postgres, Redis) and how busy
   * that kept the machine's cores: whether one process or the whole machine bound the run. Null
   * where /proc cannot be read; Postgres and Redis count only when they run on this machine.
   */
  readonly cpu: RunCpu | null;
}

export interface E2eBenchResult {
  /** Posts/s through the whole pipeline with one analyzer process (run `runs[0]`). */
  readonly posts_per_s: number;
  /** The same rows (as stored by that run) by COPY FROM STDIN into a table of the posts table's shape, indexes included: the median of three COPYs. */
  readonly copy_rows_per_s: number;
  readonly copy_method: string;
  /** posts_per_s / copy_rows_per_s. */
  readonly ratio_to_copy: number;
  readonly posts_per_s_2_procs: number;
  /** posts/s with 2 analyzer processes / posts/s with 1. */
  readonly scaling_2_procs: number;
  /** Enqueue → batch committed (the job's completion), per post, at a steady offered rate, one analyzer process. */
  readonly latency_p50_ms: number;
  readonly latency_p99_ms: number;
  readonly latency_max_ms: number;
  readonly latency_rate_per_s: number;
  readonly latency_posts: number;
  /** Posts per enqueued batch in the latency run. */
  readonly latency_batch_posts: number;
  readonly posts: number;
  /** Live alerts of the slow reference run (one batch of threat posts at a time, in file order). */
  readonly slow_run_alerts: number;
  readonly runs: readonly E2eRun[];
}

/** Posts each analyzer process analyses (another seed, nothing stored) before it registers: see e2e-analyzer-process.ts. */
const WARM_UP_POSTS = 5_000;

/** Posts per job in the latency run: a poller's page rather than a full import batch. */
const LATENCY_BATCH = 50;

/**
 * The whole pipeline on the configured Postgres and Redis, each run in a database and a queue
 * prefix of its own (dropped after): N generated posts written to a JSONL file, ingested as
 * `placewatch ingest` does, analysed by 1 and then 2 analyzer processes (the analyzer role of
 * `start --role analyzer`, see e2e-analyzer-process.ts; started, and warmed up on 5,000 posts of another seed, before the clock starts)
 * until every batch is committed. Beside it, in the same run, Postgres's COPY ceiling for the same
 * rows; then enqueue → commit latency at a steady rate.
 *
 * @example const r = await benchE2e({ configDir: 'config', databaseUrl, posts: 10_000 }); r.ratio_to_copy
 */
export async function benchE2e(opts: E2eBenchOptions): Promise<E2eBenchResult> {
  const adminUrl = opts.databaseUrl ?? process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('the e2e bench needs a Postgres server: set DATABASE_URL (it creates and drops databases of its own there)');
  const count = opts.posts ?? 50_000;
  const rate = opts.latencyRate ?? 1_000;
  const latencyPosts = Math.max(LATENCY_BATCH, Math.round(rate * (opts.latencySeconds ?? 10)));
  const progress = opts.onProgress ?? (() => undefined);
  const tempDir = mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-bench-'));
  const embedded = (opts.redisUrl ?? process.env.REDIS_URL) ? null : await startEmbeddedRedis(tempDir, { persistent: false });
  const redisUrl = opts.redisUrl ?? process.env.REDIS_URL ?? embedded!.url;
  const setup = { configDir: opts.configDir, adminUrl, redisUrl, tempDir };
  try {
    const config = loadConfig(opts.configDir);
    const file = path.join(tempDir, 'posts.jsonl');
    writeFileSync(
      file,
      `${e2ePosts(config, count)
        .map((p) => JSON.stringify(p))
        .join('\n')}\n`,
    );

    progress(`e2e: the slow reference run's alerts…`);
    const reference = await withPipeline(setup, 0, (env) => slowRunAlerts(env.runtime, file));
    progress(`e2e: ${count} posts, 1 analyzer process…`);
    let copy = { rowsPerS: NaN, method: '' };
    const one = await withPipeline(setup, 1, async (env) => {
      const run = await throughputRun(env, file, count, reference);
      progress(`e2e: ${run.posts_per_s} posts/s; COPY of the same rows…`);
      copy = await copyCeiling(env.databaseUrl);
      return run;
    });
    progress(`e2e: ${count} posts, 2 analyzer processes…`);
    const two = await withPipeline(setup, 2, (env) => throughputRun(env, file, count, reference));
    progress(`e2e: latency at ${rate} posts/s for ${latencyPosts} posts, 1 analyzer process…`);
    const latencies = await withPipeline(setup, 1, (env) => latencyRun(env, e2ePosts(config, latencyPosts, { seed: 11, idPrefix: 'e2e-latency' }), rate));
    const pct = (p: number) => round(latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN);
    return {
      posts_per_s: one.posts_per_s,
      copy_rows_per_s: Math.round(copy.rowsPerS),
      copy_method: copy.method,
      ratio_to_copy: round3(one.posts_per_s / copy.rowsPerS),
      posts_per_s_2_procs: two.posts_per_s,
      scaling_2_procs: round3(two.posts_per_s / one.posts_per_s),
      latency_p50_ms: pct(50),
      latency_p99_ms: pct(99),
      latency_max_ms: round(latencies.at(-1) ?? NaN),
      latency_rate_per_s: rate,
      latency_posts: latencies.length,
      latency_batch_posts: LATENCY_BATCH,
      posts: count,
      slow_run_alerts: reference.length,
      runs: [one, two],
    };
  } finally {
    if (embedded) await embedded.stop();
    rmSync(tempDir, { recursive: true, force: true });
  }
}

interface PipelineEnv {
  readonly runtime: Runtime;
  readonly databaseUrl: string;
  readonly processes: number;
  readonly analyzerPids: readonly number[];
}

/**
 * A fresh database and queue prefix, this process's runtime on them (it ingests and watches), and
 * `processes` analyzer processes, registered on the queue (so compiled, and warmed up on posts of their own) before `work` runs.
 */
async function withPipeline<T>(
  setup: { configDir: string; adminUrl: string; redisUrl: string; tempDir: string },
  processes: number,
  work: (env: PipelineEnv) => Promise<T>,
): Promise<T> {
  const id = randomBytes(4).toString('hex');
  const scratch = await createScratchDatabase(setup.adminUrl, `pw_e2e_bench_${id}`);
  const prefix = `{pw-e2e-bench-${id}}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: scratch.url,
    REDIS_URL: setup.redisUrl,
    PLACEWATCH_QUEUE_PREFIX: prefix,
    PLACEWATCH_DATA_DIR: path.join(setup.tempDir, `data-${id}`),
    LOG_LEVEL: process.env.PW_BENCH_LOG ?? 'warn',
  };
  const children: ChildProcess[] = [];
  let runtime: Runtime | undefined;
  try {
    runtime = await openRuntime({ configDir: setup.configDir, env, logLevel: process.env.PW_BENCH_LOG ?? 'silent' });
    for (let i = 0; i < processes; i++) children.push(startAnalyzerProcess(setup.configDir, env));
    await untilAnalyzersRegistered(runtime, children, processes);
    return await work({ runtime, databaseUrl: scratch.url, processes, analyzerPids: children.flatMap((c) => (c.pid ? [c.pid] : [])) });
  } finally {
    await Promise.all(children.map(stopProcess));
    await runtime?.close();
    const redis = await connectRedis(setup.redisUrl);
    await deleteKeysWithPrefix(redis, prefix).finally(() => redis.disconnect());
    await scratch.drop();
  }
}

/**
 * Run from dist/ as JavaScript; from the sources (a developer's checkout, tests) through tsx, as
 * bin/placewatch.js does when dist/ is stale.
 */
function startAnalyzerProcess(configDir: string, env: NodeJS.ProcessEnv): ChildProcess {
  const entry = fileURLToPath(new URL(`./e2e-analyzer-process${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url));
  const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  // PW_BENCH_CPU_PROF=DIR: each analyzer process writes a V8 CPU profile there when it stops.
  const profile = process.env.PW_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PW_BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...loader, ...profile, entry, configDir, String(WARM_UP_POSTS)], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  child.once('exit', (code, signal) => {
    if (!(child as { stopping?: boolean }).stopping) (child as { failure?: string }).failure = `analyzer process exited (${signal ?? code}): ${stderr}`;
  });
  return child;
}

async function untilAnalyzersRegistered(runtime: Runtime, children: readonly ChildProcess[], count: number): Promise<void> {
  const deadline = Date.now() + 300_000;
  while ((await runtime.queues.analyze.getWorkersCount()) < count) {
    const dead = children.find((c) => (c as { failure?: string }).failure);
    if (dead) throw new Error((dead as { failure?: string }).failure);
    if (Date.now() > deadline) throw new Error(`analyzer processes did not register on the queue within 300 s`);
    await sleep(200);
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  (child as { stopping?: boolean }).stopping = true;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Completion times of analyze jobs as Redis stamped them (the event stream's entry id is the
 * server's clock in ms), so a late listener does not skew the figure.
 */
async function watchCompletions(runtime: Runtime): Promise<{ done: Map<string, number>; failed: Map<string, string>; close(): Promise<void> }> {
  const events = await listenToQueueEvents(runtime.redis, runtime.queues.analyze);
  const done = new Map<string, number>();
  const failed = new Map<string, string>();
  events.on('completed', ({ jobId }, id) => done.set(jobId, Number(id.split('-')[0])));
  events.on('failed', ({ jobId, failedReason }) => failed.set(jobId, failedReason));
  return {
    done,
    failed,
    close: () => events.close(),
  };
}

async function untilFinished(watch: { done: Map<string, number>; failed: Map<string, string> }, jobIds: readonly string[]): Promise<void> {
  let last = -1;
  let idleSince = Date.now();
  for (;;) {
    const finished = jobIds.filter((id) => watch.done.has(id) || watch.failed.has(id)).length;
    if (finished === jobIds.length) return;
    if (finished !== last) [last, idleSince] = [finished, Date.now()];
    if (Date.now() - idleSince > 300_000) throw new Error(`e2e bench: ${jobIds.length - finished} batches unfinished after 300 s without progress`);
    await sleep(25);
  }
}

/**
 * One timed run. Its alerts must be the slow run's: a run that stores faster by filing threats
 * differently (or losing some) fails here, figures or not.
 */
async function throughputRun(env: PipelineEnv, file: string, count: number, reference: readonly string[]): Promise<E2eRun> {
  const watch = await watchCompletions(env.runtime);
  try {
    const meter = CpuMeter.start(env.analyzerPids);
    const started = Date.now();
    const report = await ingestFile(env.runtime, file, { feed: 'e2e-bench' });
    if (report.posts !== count) throw new Error(`e2e bench: ingested ${report.posts} posts of ${count} (${report.skipped.length} skipped)`);
    await untilFinished(watch, report.jobIds);
    const cpu = meter?.stop(os.availableParallelism()) ?? null;
    const finished = Math.max(...report.jobIds.map((id) => watch.done.get(id) ?? 0));
    const seconds = (finished - started) / 1000;
    const differences = alertDifferences(reference, await alertSummary(env.runtime.database.db));
    if (differences.length > 0) {
      throw new Error(`e2e bench: ${env.processes} analyzer process(es) left other alerts than the slow run:\n${differences.slice(0, 20).join('\n')}`);
    }
    return {
      processes: env.processes,
      posts: count,
      seconds: round(seconds),
      posts_per_s: Math.round(count / seconds),
      ...(await tally(env)),
      failed_batches: watch.failed.size,
      alerts_equal_slow_run: true,
      cpu,
    };
  } finally {
    await watch.close();
  }
}

/** What the run left in Postgres: every post must be there with its score (the analysis JSON is kept for threat candidates only). */
async function tally(env: PipelineEnv): Promise<Pick<E2eRun, 'stored' | 'analysed' | 'threat_posts' | 'alerts' | 'failed_posts'>> {
  const { db } = env.runtime.database;
  const analysed = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.count<string>('score').as('n'))
    .where('analyzed_at', 'is not', null)
    .executeTakeFirstOrThrow();
  const all = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const evidence = await db
    .selectFrom('alert_posts')
    .select((eb) => eb.fn.count<string>('post_id').distinct().as('n'))
    .executeTakeFirstOrThrow();
  const alerts = await db
    .selectFrom('alerts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const failed = await db
    .selectFrom('failed_posts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return { stored: Number(all.n), analysed: Number(analysed.n), threat_posts: Number(evidence.n), alerts: Number(alerts.n), failed_posts: Number(failed.n) };
}

/** Columns of `posts` a batch writes (its row elements without the id, which COPY leaves to the default), and analyzed_at. */
const COPY_COLUMNS = [...POST_ROW_ELEMENTS.filter((column) => column !== 'id'), 'analyzed_at'].join(', ');

/** Timed COPYs of the same rows: one alone swung from 23,000 to 56,000 rows/s between runs on this box. */
const COPY_ROUNDS = 3;

/**
 * Postgres's ceiling for the same rows: the rows the run stored, read out first, then timed by
 * COPY FROM STDIN into a new table of the posts table's shape (constraints and indexes included),
 * {@link COPY_ROUNDS} times into a fresh table each; the median is the ceiling.
 */
async function copyCeiling(databaseUrl: string): Promise<{ rowsPerS: number; method: string }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const chunks: Buffer[] = [];
    const out = client.query(copyTo(`copy (select ${COPY_COLUMNS} from posts) to stdout`));
    for await (const chunk of out) chunks.push(chunk as Buffer);
    const rows = chunks.reduce((n, c) => n + countNewlines(c), 0);
    const rates: number[] = [];
    for (let round = 0; round < COPY_ROUNDS; round++) {
      await client.query('create table copy_ceiling (like posts including all)');
      const started = performance.now();
      await pipeline(Readable.from(chunks), client.query(copyFrom(`copy copy_ceiling (${COPY_COLUMNS}) from stdin`)));
      rates.push(rows / ((performance.now() - started) / 1000));
      await client.query('drop table copy_ceiling');
    }
    const median = rates.sort((a, b) => a - b)[Math.floor(rates.length / 2)]!;
    return {
      rowsPerS: median,
      method: `COPY FROM STDIN, text format (pg-copy-streams), into a table like posts with its indexes; median of ${COPY_ROUNDS} (${rates.map((r) => Math.round(r)).join(', ')} rows/s)`,
    };
  } finally {
    await client.end();
  }
}

function countNewlines(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * Posts offered at a steady rate in batches of LATENCY_BATCH, as a poller would; each post's
 * latency is from its batch's enqueue to that batch's commit. Sorted ascending.
 */
async function latencyRun(env: PipelineEnv, records: readonly E2ePostRecord[], rate: number): Promise<number[]> {
  const watch = await watchCompletions(env.runtime);
  try {
    const enqueued = new Map<string, { at: number; posts: number }>();
    const started = Date.now();
    for (let i = 0; i < records.length; i += LATENCY_BATCH) {
      const wait = started + (i * 1000) / rate - Date.now();
      if (wait > 0) await sleep(wait);
      const batch = records.slice(i, i + LATENCY_BATCH).map((r) => ({
        feed: 'e2e-latency',
        externalId: r.id,
        author: { id: r.author, handle: r.author, displayName: null },
        text: r.text,
        lang: r.lang,
        publishedAt: r.published_at,
        url: r.url,
        links: [],
        media: [],
        edited: false,
        deleted: false,
        truncated: false,
      }));
      const at = Date.now();
      for (const jobId of await enqueuePosts(env.runtime.queues, 'e2e-latency', batch)) enqueued.set(jobId, { at, posts: batch.length });
    }
    await untilFinished(watch, [...enqueued.keys()]);
    if (watch.failed.size > 0) throw new Error(`e2e bench: ${watch.failed.size} latency batches failed: ${[...watch.failed.values()][0]}`);
    const latencies: number[] = [];
    for (const [jobId, { at, posts }] of enqueued) for (let k = 0; k < posts; k++) latencies.push(watch.done.get(jobId)! - at);
    return latencies.sort((a, b) => a - b);
  } finally {
    await watch.close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
