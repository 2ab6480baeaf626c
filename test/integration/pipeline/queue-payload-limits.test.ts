import { sql } from 'kysely';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalPost } from '../../../src/feeds/canonical-post.js';
import { enqueuePosts } from '../../../src/polling/index.js';
import { ANALYZE_BATCH_SIZE } from '../../../src/queue/index.js';
import { startAnalyzer } from '../../../workers/analyzer.js';
import { runCli } from '../../helpers/run-cli.js';
import { tempConfig } from '../../helpers/temp-config.js';
import { openTestRuntime, SHIPPED_CONFIG, type TestRuntime } from '../../helpers/test-runtime.js';
import { waitUntil } from '../../helpers/wait-until.js';
import { rawPost } from '../../helpers/raw-post.js';

const post = (feed: string, id: string, minute: number, extra: Partial<CanonicalPost> = {}): CanonicalPost =>
  rawPost(feed, id, new Date(Date.UTC(2026, 10, 24, 7, minute)), extra);

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('a post the queue or the job format cannot carry costs only itself', () => {
  let t: TestRuntime;
  let configDir: string;
  beforeAll(async () => {
    // Rules alone decide: what is checked here is what is kept, not the statistical model's judgement.
    const thresholds = readFileSync(path.join(SHIPPED_CONFIG, 'thresholds.yaml'), 'utf8');
    configDir = tempConfig({ 'thresholds.yaml': `${thresholds}\nmodel:\n  file: null\n` });
    t = await openTestRuntime({ label: 'qlimits', configDir });
  });
  afterAll(async () => t?.dispose());

  const keptIn = async (table: 'posts' | 'failed_posts', feed: string) =>
    (await sql<{ external_id: string }>`select external_id from ${sql.table(table)} where feed = ${feed}`.execute(t.runtime.database.db)).rows.map(
      (r) => r.external_id,
    );

  /** Runs an analyzer until every job is finished or has failed an attempt; returns the jobs' states. */
  async function drain(jobIds: readonly string[]): Promise<Array<{ state: string; failedReason?: string }>> {
    const worker = startAnalyzer(t.runtime);
    try {
      const jobs = async () => Promise.all(jobIds.map(async (id) => t.runtime.queues.analyze.getJob(id)));
      await waitUntil(async () => (await jobs()).every((job) => job && (job.finishedOn || job.failedReason)), 25_000, 'analyze jobs to finish');
      return Promise.all((await jobs()).map(async (job) => ({ state: await job!.getState(), failedReason: job!.failedReason })));
    } finally {
      await worker.close();
    }
  }

  it('enqueuePosts queues a call of 250 posts whose raw item or extra field is 10,000 levels deep: every post is stored, the deep values bounded', async () => {
    const FEED = 'deep-below';
    const posts = Array.from({ length: 250 }, (_, i) => post(FEED, `p-${i}`, i % 60));
    posts[10] = post(FEED, 'deep-raw', 10, { raw: { id: 'deep-raw', extra: nested(10_000) } });
    // A field the canonical post does not have, as a producer with its own fields would leave it.
    posts[120] = Object.assign(post(FEED, 'deep-extra', 20), { extra: nested(10_000) });

    const jobIds = await enqueuePosts(t.runtime.queues, FEED, posts);
    expect(jobIds).toHaveLength(Math.ceil(posts.length / ANALYZE_BATCH_SIZE));
    expect(await drain(jobIds)).toEqual(jobIds.map(() => ({ state: 'completed' })));
    const stored = new Set(await keptIn('posts', FEED));
    expect(posts.filter((p) => !stored.has(p.externalId)).map((p) => p.externalId)).toEqual([]);
    const raw = await sql<{ raw: string }>`select raw::text as raw from posts where feed = ${FEED} and external_id = 'deep-raw'`.execute(t.runtime.database.db);
    expect(raw.rows[0]!.raw).toMatch(/nested deeper than \d+ levels/);
  });

  it('a job whose posts break the job format: the valid posts are stored, each invalid one is in failed_posts with its field and reason, and the job completes', async () => {
    const FEED = 'bad-format';
    const posts = Array.from({ length: 100 }, (_, i) => post(FEED, `p-${i}`, i % 60));
    posts[3] = post(FEED, 'too-long', 3, { text: `${'long text about Atarib '.repeat(1_100)}` });
    posts[50] = post(FEED, 'bad-time', 50, { publishedAt: 'yesterday at noon' });
    posts[99] = post(FEED, '', 59);
    expect(posts[3]!.text.length).toBeGreaterThan(20_000);

    const jobIds = await enqueuePosts(t.runtime.queues, FEED, posts);
    expect(await drain(jobIds)).toEqual([{ state: 'completed' }]);
    const stored = new Set(await keptIn('posts', FEED));
    expect(stored.size).toBe(97);
    const failed = (
      await sql<{ external_id: string; error: string }>`select external_id, error from failed_posts where feed = ${FEED} order by error`.execute(
        t.runtime.database.db,
      )
    ).rows;
    expect(failed).toEqual([
      { external_id: expect.stringMatching(/^sha256:/), error: expect.stringMatching(/^invalid post in analyze job: externalId: /) },
      { external_id: 'bad-time', error: expect.stringMatching(/^invalid post in analyze job: publishedAt: /) },
      { external_id: 'too-long', error: expect.stringMatching(/^invalid post in analyze job: text: .*20000/) },
    ]);

    // Operators see them where they look for failed posts.
    const listed = await runCli(['--config', configDir, 'failed', 'list', '--json'], t.env);
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.stdout) as Array<{ feed: string; externalId: string; error: string }>;
    expect(rows.filter((r) => r.feed === FEED).map((r) => r.externalId)).toEqual(expect.arrayContaining(['too-long', 'bad-time']));
  });
});
