import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FeedConfigOf } from '../../../src/config/schema/feeds.js';
import { JetstreamSubscription } from '../../../src/polling/jetstream-subscription.js';
import { syncFeeds } from '../../../src/polling/index.js';
import { tempConfig } from '../../helpers/temp-config.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';

const event = (n: number, text: string) => ({
  did: 'did:plc:eygmaihciaxprqvxpfvl6flk',
  time_us: 1_773_484_000_000_000 + n,
  kind: 'commit',
  commit: {
    rev: `r${n}`,
    operation: 'create',
    collection: 'app.bsky.feed.post',
    rkey: `3lpost${n}`,
    record: { $type: 'app.bsky.feed.post', createdAt: '2026-03-14T10:00:00Z', langs: ['ar'], text },
    cid: `c${n}`,
  },
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Jetstream subscription run by the poller role', () => {
  let wss: WebSocketServer;
  let t: TestRuntime;
  const requests: URL[] = [];
  let oversizeOnce = true;

  beforeAll(async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(wss, 'listening');
    wss.on('connection', (socket: WebSocket, req) => {
      const url = new URL(req.url ?? '/', 'ws://127.0.0.1');
      requests.push(url);
      const cursor = Number(url.searchParams.get('cursor') ?? 0);
      const events = [event(1, 'سنقتحم دارة عزة'), event(2, 'نشرة الطقس'), event(3, 'Saraqib market will burn')].filter((e) => e.time_us >= cursor);
      for (const e of events) socket.send(JSON.stringify(e));
      if (oversizeOnce) {
        oversizeOnce = false;
        socket.send(JSON.stringify({ ...event(4, 'x'.repeat(4096)) })); // over max_payload_bytes: the client must drop the connection
      }
    });
  });
  afterAll(async () => {
    await t?.dispose();
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => wss.close(resolve));
  });

  it('subscribes to posts, enqueues matching posts, persists time_us after enqueue and resumes from it', async () => {
    const port = (wss.address() as AddressInfo).port;
    const configDir = tempConfig({
      'feeds.yaml': `feeds:
  - name: jet
    kind: bluesky
    mode: jetstream
    jetstream_url: "ws://127.0.0.1:${port}/subscribe"
    keywords: [دارة عزة, saraqib]
    max_payload_bytes: 2048
`,
    });
    t = await openTestRuntime({ configDir, label: 'jet' });
    const feeds = t.runtime.config.current.config.feeds.feeds;
    await syncFeeds(t.runtime.database.db, feeds);
    const sub = new JetstreamSubscription(
      { db: t.runtime.database.db, queues: t.runtime.queues, redis: t.runtime.redis, prefix: t.prefix, logger: t.runtime.logger, allowPrivate: ['127.0.0.1'] },
      feeds[0] as FeedConfigOf<'bluesky'>,
      { flushEvents: 2, flushIntervalMs: 100, rewindUs: 0, leaseMs: 3_000 },
    );
    sub.start();
    try {
      const state = await waitFor(async () => {
        const row = await t.runtime.database.db.selectFrom('feed_state').selectAll().where('feed', '=', 'jet').executeTakeFirst();
        return requests.length >= 2 && (row?.cursor as { timeUs?: number }).timeUs === 1_773_484_000_000_003 ? row : undefined;
      }, 15_000);
      expect(requests[0]!.searchParams.getAll('wantedCollections')).toEqual(['app.bsky.feed.post']);
      expect(requests[0]!.searchParams.get('maxMessageSizeBytes')).toBe('2048');
      expect(requests[0]!.searchParams.get('cursor')).toBeNull();
      // The oversized message closed the first connection; the second resumed from the saved cursor.
      expect(requests[1]!.searchParams.get('cursor')).toBe('1773484000000003');
      expect(Number(state.posts_total)).toBeGreaterThanOrEqual(2);
      const jobs = await t.runtime.queues.analyze.getJobs(['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed']);
      const ids = new Set(jobs.flatMap((j) => j.data.posts.map((p) => p.externalId)));
      expect([...ids].sort()).toEqual([
        'at://did:plc:eygmaihciaxprqvxpfvl6flk/app.bsky.feed.post/3lpost1',
        'at://did:plc:eygmaihciaxprqvxpfvl6flk/app.bsky.feed.post/3lpost3',
      ]);
    } finally {
      await sub.stop();
    }
  });
});
