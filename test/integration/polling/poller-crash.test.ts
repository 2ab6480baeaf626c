import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempConfig } from '../../helpers/temp-config.js';
import { openTestRuntime, PROJECT_ROOT, type TestRuntime } from '../../helpers/test-runtime.js';
import { startRoles } from '../../../workers/roles.js';
import { LocalSourceServer } from './local-source-server.js';

const PAGE_SIZE = 50;
const PAGES = 3;
const ITEMS = Array.from({ length: PAGE_SIZE * PAGES }, (_, i) => ({
  id: `item-${i + 1}`,
  text: i % 2 ? `سوق سراقب مزدحم اليوم ${i + 1}` : `Market day in Saraqib, item ${i + 1}`,
  published_at: new Date(Date.UTC(2026, 2, 14, 8, 0, i)).toISOString(),
}));

async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('a poller killed with SIGKILL in the middle of a page', () => {
  const server = new LocalSourceServer();
  let t: TestRuntime;
  let configDir: string;
  let stallPage2 = true;
  let page2Requests = 0;
  const children: ChildProcess[] = [];

  function startPoller(): ChildProcess {
    const child = spawn(
      process.execPath,
      [path.join(PROJECT_ROOT, 'bin/placewatch.js'), '--config', configDir, 'start', '--role', 'poller', '--role', 'scheduler'],
      {
        cwd: PROJECT_ROOT,
        env: { ...t.env, PLACEWATCH_ALLOW_PRIVATE: '127.0.0.1', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    child.stderr?.resume();
    children.push(child);
    return child;
  }

  beforeAll(async () => {
    server.route('/items.json', (_req, res, url) => {
      const page = Number(url.searchParams.get('page') ?? '1');
      const items = ITEMS.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
      const body = JSON.stringify({ items, next: page < PAGES ? String(page + 1) : null });
      res.writeHead(200, { 'content-type': 'application/json' });
      if (page === 2) page2Requests += 1;
      if (page === 2 && stallPage2) {
        res.write(body.slice(0, body.length / 2)); // half a page, then nothing: the poller is mid-read
        return;
      }
      res.end(body);
    });
    await server.start();
    configDir = tempConfig({
      'feeds.yaml': `feeds:
  - name: crash-source
    kind: json
    url: "${server.url('/items.json')}"
    interval: 2s
    mapping: { items: items, id: id, text: text, time: published_at }
    next_cursor: { path: next, param: page }
`,
    });
    t = await openTestRuntime({ configDir, label: 'crash' });
    await startRoles(t.runtime, ['analyzer']);
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await t?.dispose();
    await server.stop();
  });

  it('re-reads from the saved cursor after restart: every item stored exactly once', async () => {
    const first = startPoller();
    await waitFor(() => (page2Requests > 0 ? true : undefined), 30_000, 'the poller to request page 2');
    // Page 1 was enqueued and its cursor saved before page 2 was asked for.
    const saved = await t.runtime.database.db.selectFrom('feed_state').select('cursor').where('feed', '=', 'crash-source').executeTakeFirstOrThrow();
    expect(saved.cursor).toMatchObject({ next: '2' });
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    stallPage2 = false;
    startPoller();
    const rows = await waitFor(
      async () => {
        const stored = await t.runtime.database.db.selectFrom('posts').select('external_id').where('feed', '=', 'crash-source').execute();
        return stored.length >= ITEMS.length ? stored : undefined;
      },
      40_000,
      'all items in Postgres',
    );
    const ids = rows.map((r) => r.external_id).sort();
    expect(ids).toEqual(ITEMS.map((i) => i.id).sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(page2Requests).toBeGreaterThanOrEqual(2);
  }, 90_000);
});
