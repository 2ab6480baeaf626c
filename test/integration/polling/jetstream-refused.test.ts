import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { FeedConfigOf } from '../../../src/config/schema/feeds.js';
import { JetstreamSubscription } from '../../../src/polling/jetstream-subscription.js';
import { listFeedHealth, syncFeeds } from '../../../src/polling/index.js';
import { tempConfig } from '../../helpers/temp-config.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';

describe('a Jetstream feed whose connection is refused', () => {
  let wss: WebSocketServer;
  let t: TestRuntime;
  let connections = 0;

  beforeAll(async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(wss, 'listening');
    wss.on('connection', () => (connections += 1));
    const port = (wss.address() as AddressInfo).port;
    const configDir = tempConfig({
      'feeds.yaml': `feeds:\n  - name: jet-refused\n    kind: bluesky\n    mode: jetstream\n    jetstream_url: "ws://127.0.0.1:${port}/subscribe"\n`,
    });
    t = await openTestRuntime({ configDir, label: 'jetref' });
  });
  afterAll(async () => {
    await t?.dispose();
    await new Promise((resolve) => wss.close(resolve));
  });

  it('reports the feed as failing, never "ok", while the address policy refuses it', async () => {
    const db = t.runtime.database.db;
    const feeds = t.runtime.config.current.config.feeds.feeds;
    await syncFeeds(db, feeds);
    // No allowance for 127.0.0.1: every connection attempt is refused before a socket opens.
    const sub = new JetstreamSubscription(
      { db, queues: t.runtime.queues, redis: t.runtime.redis, prefix: t.prefix, logger: t.runtime.logger, allowPrivate: [] },
      feeds[0] as FeedConfigOf<'bluesky'>,
    );
    sub.start();
    const seen: string[] = [];
    try {
      for (let i = 0; i < 24; i++) {
        await new Promise((r) => setTimeout(r, 250));
        const [health] = await listFeedHealth(db, feeds);
        if (health!.consecutiveFailures > 0) seen.push(health!.status);
      }
    } finally {
      await sub.stop();
    }
    expect(connections).toBe(0);
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(['failing']));
    const [health] = await listFeedHealth(db, feeds);
    expect(health!.openAlerts[0]!.detail).toMatch(/refused by the address policy: 127\.0\.0\.1 is a loopback address/);
  });
});
