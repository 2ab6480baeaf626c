import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../../src/analysis/types.js';
import { loadConfig } from '../../../src/config/index.js';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../../../src/db/index.js';
import { contentFingerprint } from '../../../src/dedup/index.js';
import type { CanonicalPost } from '../../../src/feeds/canonical-post.js';
import { commitScoredBatch, type ScoredPost } from '../../../src/pipeline/index.js';
import { enqueuePosts } from '../../../src/polling/index.js';
import { ANALYZE_BATCH_SIZE } from '../../../src/queue/index.js';
import { startAnalyzer } from '../../../src/roles/analyzer-role.js';
import { SHIPPED_CONFIG } from '../../helpers/paths.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';
import { postStream } from '../../helpers/post-stream.js';

/** A post the analyzer found nothing in: its commit takes no incident lock, only the posts' unique key. */
function quietPost(i: number): ScoredPost {
  const text = `market prices today ${i}`;
  const post: CanonicalPost = {
    feed: 'in-flight',
    externalId: `q-${i}`,
    author: { id: 'a', handle: 'a', displayName: null },
    text,
    lang: 'en',
    publishedAt: new Date(Date.UTC(2026, 10, 20, 10)).toISOString(),
    url: null,
    links: [],
    media: [],
    edited: false,
    deleted: false,
    truncated: false,
  };
  const analysis: Analysis = {
    score: 0,
    severity: null,
    category: null,
    places: [],
    signals: [],
    modifiers: [],
    targets: [],
    configVersion: 'test',
    modelVersion: 'test',
    explanation: '',
  } as unknown as Analysis;
  return { post, analysis, fingerprint: contentFingerprint(text), clusterId: null };
}

describe('several batches in flight', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase('inflight');
    handle = await connectDatabase({ databaseUrl: database.url, dataDir: '', poolSize: 4 });
    await migrateToLatest(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  it('two batches holding the same posts in opposite orders both commit (no deadlock), each post stored once', async () => {
    const config = loadConfig(SHIPPED_CONFIG);
    const deps = { db: handle.db, config, publicUrl: 'http://x' };
    // Several rounds of full-size batches: the two statements must overlap for a deadlock to show.
    for (let round = 0; round < 10; round++) {
      const posts = Array.from({ length: ANALYZE_BATCH_SIZE }, (_, i) => quietPost(round * ANALYZE_BATCH_SIZE + i));
      const results = await Promise.all([commitScoredBatch(deps, posts), commitScoredBatch(deps, [...posts].reverse())]);
      expect(results[0].stored + results[1].stored).toBe(ANALYZE_BATCH_SIZE);
    }
    const { n } = await handle.db
      .selectFrom('posts')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(10 * ANALYZE_BATCH_SIZE);
  });
});

describe('analyzer concurrency', () => {
  let t: TestRuntime;
  beforeAll(async () => {
    t = await openTestRuntime({ label: 'concurrency', env: { PLACEWATCH_ANALYZER_CONCURRENCY: '3' } });
  });
  afterAll(async () => t?.dispose());

  it('works on PLACEWATCH_ANALYZER_CONCURRENCY batches at once and stores every post', async () => {
    for (let b = 0; b < 8; b++) await enqueuePosts(t.runtime.queues, 'test', postStream(100, `feed-${b}`));
    const worker = startAnalyzer(t.runtime);
    expect(worker.opts.concurrency).toBe(3);
    let active = 0;
    let most = 0;
    let done = 0;
    worker.on('active', () => (most = Math.max(most, ++active)));
    const finished = new Promise<void>((resolve) =>
      worker.on('completed', () => {
        active -= 1;
        if (++done === 8) resolve();
      }),
    );
    await finished;
    expect(most).toBeGreaterThanOrEqual(2);
    expect(most).toBeLessThanOrEqual(3);
    const { n } = await t.runtime.database.db
      .selectFrom('posts')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(800);
  });
});
