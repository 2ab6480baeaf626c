import { QueueEvents, Worker } from 'bullmq';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/index.js';
import type { CanonicalPost } from '../../../src/feeds/canonical-post.js';
import { failedBatchRecorder, recordFailedBatch } from '../../../src/pipeline/index.js';
import { QUEUE, type AnalyzeJob } from '../../../src/queue/index.js';
import { startAnalyzer } from '../../../workers/analyzer.js';
import { runCli } from '../../helpers/run-cli.js';
import { tempConfig } from '../../helpers/temp-config.js';
import { openTestRuntime, SHIPPED_CONFIG, type TestRuntime } from '../../helpers/test-runtime.js';
import { waitUntil } from '../../helpers/wait-until.js';
import { rawPost } from '../../helpers/raw-post.js';

const post = (feed: string, id: string, minute: number): CanonicalPost => rawPost(feed, id, new Date(Date.UTC(2026, 10, 25, 9, minute)));

interface FailedRow {
  id: string;
  external_id: string;
  error: string;
  attempts: number;
  post: Record<string, unknown>;
}

describe('an analyze job the queue gives up on leaves its posts in failed_posts', () => {
  let t: TestRuntime;
  let configDir: string;
  beforeAll(async () => {
    // Rules alone decide: what is checked here is what is kept, not the statistical model's judgement.
    const thresholds = readFileSync(path.join(SHIPPED_CONFIG, 'thresholds.yaml'), 'utf8');
    configDir = tempConfig({ 'thresholds.yaml': `${thresholds}\nmodel:\n  file: null\n` });
    // A short lock (as analyzer-crash.test.ts): the analyzers' stalled checks, shared through Redis,
    // come every 4 s, so the stalls below are seen within seconds.
    t = await openTestRuntime({ label: 'failbatch', configDir, env: { PLACEWATCH_JOB_LOCK_MS: '4000' } });
  });
  afterAll(async () => t?.dispose());

  const db = () => t.runtime.database.db;
  const failedRows = async (feed: string) =>
    (await sql<FailedRow>`select id::text as id, external_id, error, attempts, post from failed_posts where feed = ${feed} order by external_id`.execute(db()))
      .rows;
  const storedIds = async (feed: string) =>
    (await sql<{ external_id: string }>`select external_id from posts where feed = ${feed} order by external_id`.execute(db())).rows.map((r) => r.external_id);

  /** Runs an analyzer until `done` holds. */
  async function analyzeUntil(done: () => Promise<boolean>, what: string): Promise<void> {
    const worker = startAnalyzer(t.runtime);
    try {
      await waitUntil(done, 45_000, what, { intervalMs: 50 });
    } finally {
      await worker.close();
    }
  }

  it('a batch that throws on every attempt: each post is recorded once with the job, its attempts and the error, and `failed retry` stores them once the fault is gone', async () => {
    const FEED = 'every-attempt';
    // A fault of the database itself, as a half-applied migration leaves: neither a data error (which
    // splits the batch post by post) nor a lost connection (which is waited for), so every attempt throws.
    await sql`create function refuse_posts() returns trigger language plpgsql as $$ begin raise exception 'posts table under maintenance'; end $$`.execute(
      db(),
    );
    await sql`create trigger refuse_posts before insert on posts for each statement execute function refuse_posts()`.execute(db());
    const posts = [post(FEED, 'a', 0), post(FEED, 'b', 1), post(FEED, 'c', 2)];
    await t.runtime.queues.analyze.add('batch', { posts, source: FEED }, { jobId: 'batch-doomed', attempts: 2, backoff: { type: 'fixed', delay: 50 } });

    await analyzeUntil(async () => (await failedRows(FEED)).length === 3, 'the failed batch in failed_posts');
    expect(await t.runtime.queues.analyze.getJobState('batch-doomed')).toBe('failed'); // the fallback stays
    const rows = await failedRows(FEED);
    expect(rows.map((r) => r.external_id)).toEqual(['a', 'b', 'c']);
    for (const row of rows) {
      // Recorded on the last failure only: the first attempt's failure would have made it 2.
      expect(row.attempts).toBe(1);
      expect(row.error).toMatch(/^analyze job batch-doomed failed for good after 2 of 2 attempts: .*posts table under maintenance/);
      expect(row.post).toMatchObject({ feed: FEED, externalId: row.external_id, text: `Bread prices in Atarib, report ${row.external_id}` });
    }
    expect(await storedIds(FEED)).toEqual([]);

    await sql`drop trigger refuse_posts on posts`.execute(db());
    const retried = await runCli(['--config', configDir, 'failed', 'retry', ...rows.map((r) => r.id), '--json'], t.env);
    expect(retried.stderr).toBe('');
    expect(retried.code).toBe(0);
    const report = JSON.parse(retried.stdout) as { enqueued: number; jobIds: string[] };
    expect(report.enqueued).toBe(3);
    expect(report.jobIds).toHaveLength(1);
    const events = new QueueEvents(QUEUE.analyze, { connection: t.runtime.redis.duplicate(), prefix: t.prefix });
    const worker = startAnalyzer(t.runtime);
    try {
      await events.waitUntilReady();
      await (await t.runtime.queues.analyze.getJob(report.jobIds[0]!))?.waitUntilFinished(events, 60_000);
    } finally {
      await worker.close();
      await events.close();
    }
    expect(await storedIds(FEED)).toEqual(['a', 'b', 'c']);
    expect(await failedRows(FEED)).toEqual([]);
  });

  it('recording the same failed batch twice keeps one row per post, with the newer reason and one more attempt', async () => {
    const FEED = 'recorded-twice';
    // The same post twice in one batch is one failed post too.
    const data = { posts: [post(FEED, 'x', 0), post(FEED, 'y', 1), post(FEED, 'x', 0)], source: FEED };
    const job = { id: 'batch-twice', data, attemptsMade: 8, attemptsStarted: 8, opts: { attempts: 8 } };
    const deps = { db: db(), logger: t.runtime.logger };

    const first = await recordFailedBatch(deps, job, new Error('first failure'));
    const second = await recordFailedBatch(deps, job, new Error('second failure'));
    for (const report of [first, second]) expect(report).toEqual({ jobId: 'batch-twice', recorded: 2, alreadyStored: 0, unreadablePayload: null });
    const rows = await failedRows(FEED);
    expect(rows.map((r) => [r.external_id, r.attempts])).toEqual([
      ['x', 2],
      ['y', 2],
    ]);
    for (const row of rows) expect(row.error).toBe('analyze job batch-twice failed for good after 8 of 8 attempts: second failure');
  });

  it('a payload that does not read as an analyze job fails at once, attempts left or not: the posts it holds are recorded, and a payload without posts is kept whole', async () => {
    const FEED = 'odd-envelope';
    // An envelope with a field the job format does not have (a newer producer): every attempt fails to parse it.
    const withPosts = { posts: [post(FEED, 'p', 0), post(FEED, 'q', 1)], source: FEED, priority: 'high' };
    const noPosts = { source: FEED, note: 'not a batch' };
    const queue = t.runtime.queues.analyze;
    await queue.add('batch', withPosts as unknown as AnalyzeJob, { jobId: 'batch-odd', attempts: 8 });
    await queue.add('batch', noPosts as unknown as AnalyzeJob, { jobId: 'batch-empty', attempts: 8 });

    await analyzeUntil(async () => (await failedRows(FEED)).length === 3, 'both payloads in failed_posts');
    const rows = await failedRows(FEED);
    expect(rows.map((r) => r.external_id)).toEqual(['p', 'q', expect.stringMatching(/^sha256:/)]);
    for (const row of rows.slice(0, 2)) {
      expect(row.error).toMatch(/^analyze job batch-odd failed for good after 1 of 8 attempts: invalid analyze job payload: .*priority/);
      expect(row.post).toMatchObject({ feed: FEED, externalId: row.external_id, text: `Bread prices in Atarib, report ${row.external_id}` });
    }
    expect(rows[2]!.error).toMatch(
      /^analyze job batch-empty failed for good after 1 of 8 attempts: invalid analyze job payload: .*; invalid post in analyze job/,
    );
    expect(rows[2]!.post).toMatchObject({ source: FEED, note: 'not a batch' });
    expect(await storedIds(FEED)).toEqual([]);
  });

  it('a batch that stalls more than maxStalledCount times is failed by the next analyzer that takes it, which records its posts', async () => {
    const FEED = 'stalls';
    const queue = t.runtime.queues.analyze;
    await queue.add('batch', { posts: [post(FEED, 's1', 0), post(FEED, 's2', 1)], source: FEED }, { jobId: 'batch-stalls' });
    // Stands for analyzer processes that die holding the batch: it takes the job and never renews its
    // lock; its stalled checker (with the analyzer's limit of 3) puts the job back each time.
    const dying = new Worker(QUEUE.analyze, null, {
      connection: t.runtime.redis,
      prefix: t.prefix,
      autorun: false,
      lockDuration: 300,
      stalledInterval: 300,
      maxStalledCount: 3,
    });
    try {
      await dying.startStalledCheckTimer();
      for (let stall = 1; stall <= 4; stall++) {
        const taken = await dying.getNextJob(`dead-worker-${stall}`, { block: false });
        expect(taken?.id).toBe('batch-stalls');
        await waitUntil(async () => (await queue.getJobState('batch-stalls')) === 'waiting', 20_000, `stall ${stall}`, { intervalMs: 50 });
      }
    } finally {
      await dying.close();
    }

    await analyzeUntil(async () => (await failedRows(FEED)).length === 2, 'the stalled batch in failed_posts');
    expect(await queue.getJobState('batch-stalls')).toBe('failed');
    const rows = await failedRows(FEED);
    expect(rows.map((r) => r.external_id)).toEqual(['s1', 's2']);
    for (const row of rows) {
      expect(row.error).toMatch(/^analyze job batch-stalls failed for good after 1 of 8 attempts, started 5 times: job stalled more than allowable limit$/);
    }
    expect(await storedIds(FEED)).toEqual([]);
  });

  it('when Postgres cannot take the record, the recorder logs the job and the error and does not throw', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    // Nothing listens on port 1: every connection is refused, as with Postgres down.
    const unreachable = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: 'postgres://placewatch@127.0.0.1:1/none' }) }),
    });
    try {
      const recorder = failedBatchRecorder({ db: unreachable, logger });
      const job = { id: 'batch-no-db', data: { posts: [post('no-db', 'n', 0)], source: 'no-db' }, attemptsMade: 8, opts: { attempts: 8 } };
      recorder.record(job, new Error('analysis failed'));
      await recorder.settled();
    } finally {
      await unreachable.destroy();
    }
    const logged = lines.map((line) => JSON.parse(line) as { msg: string; job?: string; err?: string; jobError?: string });
    expect(logged).toEqual([
      expect.objectContaining({
        msg: 'could not record the posts of a failed analyze job; the job stays in the queue failed set',
        job: 'batch-no-db',
        jobError: 'analysis failed',
        err: expect.stringMatching(/ECONNREFUSED/),
      }),
    ]);
  });
});
