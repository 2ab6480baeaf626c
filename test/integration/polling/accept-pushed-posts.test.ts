import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptPushedPosts, listFeedAlerts, openFeedAlert, syncFeeds } from '../../../src/polling/index.js';
import { openQueues } from '../../../src/queue/index.js';
import { postStream } from '../../helpers/post-stream.js';
import { tempConfig } from '../../helpers/temp-config.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';

const FEED = 'partner';

describe('acceptPushedPosts (what POST /ingest/:feed hands a parsed batch to)', () => {
  let t: TestRuntime;
  const state = () => t.runtime.database.db.selectFrom('feed_state').selectAll().where('feed', '=', FEED).executeTakeFirst();
  const openSilent = async () => (await listFeedAlerts(t.runtime.database.db)).filter((a) => a.feed === FEED && a.kind === 'silent');

  beforeAll(async () => {
    const configDir = tempConfig({ 'feeds.yaml': `feeds:\n  - name: ${FEED}\n    kind: webhook\n    secret_env: PLACEWATCH_SECRET_PARTNER\n` });
    t = await openTestRuntime({ configDir, label: 'push' });
    await syncFeeds(t.runtime.database.db, t.runtime.config.current.config.feeds.feeds);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('with the queue unreachable, reports the batch as not queued and records nothing, so the sender may retry', async () => {
    await openFeedAlert(t.runtime.database.db, FEED, 'silent', 'no posts for a while');
    // A Redis nobody listens on, failing at once instead of queueing commands while it retries.
    const unreachable = new Redis({
      host: '127.0.0.1',
      port: 1,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    unreachable.on('error', () => undefined);
    const queues = openQueues(unreachable, t.prefix);
    try {
      const outcome = await acceptPushedPosts({ db: t.runtime.database.db, queues }, FEED, { posts: postStream(2, FEED), skipped: [] });
      expect(outcome.queued).toBe(false);
    } finally {
      await queues.close().catch(() => undefined);
      unreachable.disconnect();
    }
    expect(Number((await state())?.posts_total ?? 0)).toBe(0);
    expect(await openSilent()).toHaveLength(1);
  });

  it('queues the posts for analysis, records the push as a successful fetch, and resolves the silent alert', async () => {
    const posts = postStream(3, FEED);
    const skipped = [{ position: 3, reason: 'no text' }];
    expect(await acceptPushedPosts({ db: t.runtime.database.db, queues: t.runtime.queues }, FEED, { posts, skipped })).toEqual({ queued: true });

    const jobs = await t.runtime.queues.analyze.getJobs(['waiting', 'prioritized', 'delayed']);
    expect(jobs.flatMap((j) => j.data.posts.map((p) => p.externalId)).sort()).toEqual(posts.map((p) => p.externalId).sort());
    const row = await state();
    expect(Number(row?.posts_total)).toBe(3);
    expect(Number(row?.skipped_total)).toBe(1);
    expect(new Date(row!.last_post_at!).toISOString()).toBe(posts[2]!.publishedAt);
    expect(await openSilent()).toHaveLength(0);
  });
});
