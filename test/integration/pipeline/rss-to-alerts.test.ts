import { createServer, type Server } from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempConfig } from '../../helpers/temp-config.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';
import { startRoles } from '../../../workers/roles.js';

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test channel</title><link>http://127.0.0.1/</link><description>t</description>
<item><guid>rss-1</guid><title>post 1</title><link>http://127.0.0.1/p/1</link>
  <description>&lt;p&gt;We are coming to storm Darat Izza and kill every traitor living there&lt;/p&gt;</description>
  <pubDate>Fri, 20 Nov 2026 10:00:00 GMT</pubDate><author>hawk@example.org (Hawk)</author></item>
<item><guid>rss-2</guid><title>post 2</title><link>http://127.0.0.1/p/2</link>
  <description>سوق الخضار في سراقب مزدحم اليوم</description>
  <pubDate>Fri, 20 Nov 2026 10:05:00 GMT</pubDate></item>
<item><guid>rss-3</guid><title>post 3</title><link>http://127.0.0.1/p/3</link>
  <description>يا أهل دارة عزة دمكم حلال وسنقتحم بلدتكم</description>
  <pubDate>Fri, 20 Nov 2026 10:10:00 GMT</pubDate></item>
</channel></rss>`;

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('an RSS feed served on 127.0.0.1 through scheduler, poller and analyzer', () => {
  let server: Server;
  let t: TestRuntime;
  let requests = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(RSS);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const configDir = tempConfig({
      'feeds.yaml': `feeds:\n  - name: local-rss\n    kind: rss\n    url: http://127.0.0.1:${port}/feed.xml\n    interval: 1h\n`,
    });
    t = await openTestRuntime({ configDir, label: 'rss', env: { PLACEWATCH_ALLOW_PRIVATE: '127.0.0.1' } });
    await startRoles(t.runtime, ['scheduler', 'poller', 'analyzer']);
  });
  afterAll(async () => {
    await t?.dispose();
    server?.close();
  });

  it('raises alerts for Darat Izza with both threatening items as evidence, and nothing for the market post', async () => {
    const db = t.runtime.database.db;
    const evidence = await waitFor(async () => {
      const { rows } = await sql<{ external_id: string; feed: string; place_id: string }>`
        select p.external_id, p.feed, a.place_id from alert_posts e join posts p on p.id = e.post_id
        join alerts a on a.id = e.alert_id order by p.external_id`.execute(db);
      return rows.length >= 2 ? rows : undefined;
    }, 20_000);
    expect(requests).toBeGreaterThanOrEqual(1);
    // A storming threat and a takfir threat: one incident each, both about Darat Izza.
    expect(evidence).toEqual([
      { external_id: 'rss-1', feed: 'local-rss', place_id: 'darat-izza' },
      { external_id: 'rss-3', feed: 'local-rss', place_id: 'darat-izza' },
    ]);
    const state = await db.selectFrom('feed_state').selectAll().where('feed', '=', 'local-rss').executeTakeFirstOrThrow();
    expect(state.consecutive_failures).toBe(0);
    expect(Number(state.posts_total)).toBe(3);
    const stored = await db.selectFrom('posts').select(['external_id', 'text']).where('feed', '=', 'local-rss').orderBy('external_id').execute();
    expect(stored.map((p) => p.external_id)).toEqual(['rss-1', 'rss-2', 'rss-3']);
    expect(stored[0]!.text).not.toContain('<p>');
  });
});
