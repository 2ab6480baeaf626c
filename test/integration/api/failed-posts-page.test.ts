import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import type { CanonicalPost } from '../../../src/feeds/canonical-post.js';
import { analyzeBatch } from '../../../src/pipeline/index.js';
import { countFailedPosts, recordFailedPost } from '../../../src/posts/index.js';
import { startAnalyzer } from '../../../workers/analyzer.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';
import { waitUntil } from '../../helpers/wait-until.js';
import { login, seedUsers, type Session } from './api-fixtures.js';
import { openApiTestRuntime } from './api-runtime.js';

/** The dead-letter view of posts (/failed): listing, escaping, Retry and Retry all, paging, who may see it. */
let t: TestRuntime;
let app: FastifyInstance;
let officer: Session;
let reviewer: Session;
let operator: Session;

const FEED = 'partner-import';
const HOSTILE_TEXT = '<img src=x onerror=alert(1)> "quoted" & <script>alert(2)</script> \u202Egnp.exe';
const HOSTILE_ERROR = 'could not be stored: <b>bold</b> & "more"';

function post(id: string, text: string, minute = 0): CanonicalPost {
  return {
    feed: FEED,
    externalId: id,
    author: { id: null, handle: `a-${id}`, displayName: null },
    text,
    lang: 'en',
    publishedAt: new Date(Date.UTC(2026, 10, 22, 8, minute)).toISOString(),
    url: null,
    links: [],
    media: [],
    edited: false,
    deleted: false,
    truncated: false,
  };
}

const get = (url: string, session: Session) => app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
const postForm = (url: string, session: Session, csrf = session.csrf) =>
  app.inject({
    method: 'POST',
    url,
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf }).toString(),
  });
/** The listed rows' [id, item id] pairs, in page order. */
const listed = (page: string) =>
  [...page.matchAll(/<tr data-failed-id="(\d+)"><td>[\s\S]*?<\/td><td><bdi>[^<]*<\/bdi><\/td><td class="item-id"><bdi>([^<]*)<\/bdi><\/td>/g)].map(
    (m) => [m[1]!, m[2]!] as const,
  );
const idOf = async (externalId: string) =>
  (await t.runtime.database.db.selectFrom('failed_posts').select('id').where('external_id', '=', externalId).executeTakeFirstOrThrow()).id;
const failedTotal = async () => (await countFailedPosts(t.runtime.database.db)).total;

/** Runs one analyzer until the failed set holds `expected` posts. */
async function drainUntil(expected: number): Promise<void> {
  const worker = startAnalyzer(t.runtime);
  try {
    await waitUntil(async () => (await failedTotal()) === expected, 60_000, `${expected} failed posts`, { intervalMs: 200 });
  } finally {
    await worker.close();
  }
}

beforeAll(async () => {
  t = await openApiTestRuntime('apifailed');
  app = await buildApiServer(t.runtime, { loginRateLimit: { max: 1000, timeWindow: 60_000 } });
  const db = t.runtime.database.db;
  const users = await seedUsers(db);
  officer = await login(app, users.officer);
  reviewer = await login(app, users.reviewer);
  operator = await login(app, users.operator);
  // A real refusal: built below the sanitiser, Postgres refuses the NUL and the batch puts the post in the failed set.
  const deps = { db, active: t.runtime.config.current, logger: t.runtime.logger, seen: t.runtime.seen, publicUrl: 'http://x' };
  const outcome = await analyzeBatch(deps, [
    post('fine', 'Olive harvest starts next week in Taftanaz'),
    post('poison', 'Bread prices rose again in Atarib\u0000 this week', 1),
  ]);
  expect(outcome).toMatchObject({ stored: 1, failed: 1 });
  // Recorded later, so listed first.
  await new Promise((r) => setTimeout(r, 20));
  await recordFailedPost(db, post('hostile', HOSTILE_TEXT, 2), HOSTILE_ERROR);
});

afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

describe('failed posts page', () => {
  it('lists failed posts newest first with when, feed, item id, attempts, error and text, and a Retry form each', async () => {
    const response = await get('/failed', operator);
    expect(response.statusCode).toBe(200);
    const page = response.body;
    expect(page).toContain('<h1>Failed posts <span class="count">(2)</span></h1>');
    expect(listed(page).map(([, item]) => item)).toEqual(['hostile', 'poison']);
    const poison = new RegExp(`<tr data-failed-id="${await idOf('poison')}">([\\s\\S]*?)</tr>`).exec(page)![1]!;
    expect(poison).toMatch(/<td><time datetime="\d{4}-\d\d-\d\dT[^"]+">[^<]+ UTC<\/time><\/td><td><bdi>partner-import<\/bdi><\/td>/);
    expect(poison).toMatch(/<td class="last-error" dir="auto"><span title="could not be stored: [^"]*0x00[^"]*">could not be stored: [^<]*0x00/);
    expect(poison).toContain('<td class="excerpt" dir="auto"><span>Bread prices rose again in Atarib this week</span></td>');
    expect(poison).toContain(
      `<form method="post" action="/failed/${await idOf('poison')}/retry"><input type="hidden" name="_csrf" value="${operator.csrf}"><button type="submit">Retry</button></form>`,
    );
    expect(page).toContain('<form method="post" action="/failed/retry-all" class="retry-all">');
    expect(page).toContain('<a href="/failed">Failed posts</a>');
  });

  it('escapes hostile text and errors: no markup of theirs, bidi controls shown, and no inline script', async () => {
    const page = (await get('/failed', operator)).body;
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('<b>bold</b>');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &amp; &lt;script&gt;alert(2)&lt;/script&gt; [U+202E]gnp.exe');
    expect(page).toContain('could not be stored: &lt;b&gt;bold&lt;/b&gt; &amp; &quot;more&quot;');
    expect(page.match(/<script\b[^>]*>/g)).toEqual(['<script src="/ui/app.js" defer>']);
    // No tag carries an event handler (the escaped text still reads "onerror=", as text).
    expect(page).not.toMatch(/<[^>]*\son[a-z]+=/i);
  });

  it('the feeds page links its failed count to the page, and the feed card shows its own', async () => {
    const page = (await get('/feeds', operator)).body;
    expect(page).toContain('<a href="/failed" id="failed-posts-link">2 failed posts</a>');
    const card = /<article class="card source" data-source="partner-import">([\s\S]*?)<\/article>/.exec(page)![1]!;
    expect(card).toContain('<dt>Failed posts</dt><dd class="failed-posts"><a href="/failed">2</a></dd>');
  });

  it('is for operators: reviewers and officers get 403 on the page and both forms', async () => {
    const id = await idOf('poison');
    for (const who of [reviewer, officer]) {
      expect((await get('/failed', who)).statusCode).toBe(403);
      expect((await postForm(`/failed/${id}/retry`, who)).statusCode).toBe(403);
      expect((await postForm('/failed/retry-all', who)).statusCode).toBe(403);
    }
    expect(await failedTotal()).toBe(2);
  });

  it('refuses a Retry without the session CSRF token', async () => {
    const response = await postForm(`/failed/${await idOf('poison')}/retry`, operator, 'not-the-token');
    expect(response.statusCode).toBe(403);
    expect(await t.runtime.queues.analyze.count()).toBe(0);
  });

  it('Retry re-enqueues the post; stored this time, it leaves the list and the other stays', async () => {
    const response = await postForm(`/failed/${await idOf('poison')}/retry`, operator);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/failed?queued=1&stored=0&missing=0&unreadable=0');
    const waiting = await t.runtime.queues.analyze.getJobs(['waiting', 'prioritized', 'delayed']);
    expect(waiting.flatMap((j) => (j.data as { posts: CanonicalPost[] }).posts.map((p) => p.externalId))).toEqual(['poison']);
    await drainUntil(1);
    const page = (await get(response.headers.location as string, operator)).body;
    expect(page).toContain('<p class="flash" role="status">Queued 1 failed post for analysis.</p>');
    expect(listed(page).map(([, item]) => item)).toEqual(['hostile']);
    const stored = await t.runtime.database.db.selectFrom('posts').select('text').where('feed', '=', FEED).where('external_id', '=', 'poison').execute();
    expect(stored).toEqual([{ text: 'Bread prices rose again in Atarib this week' }]);
  });

  it('pages 50 at a time, newest first, and Retry all re-enqueues every one', async () => {
    const db = t.runtime.database.db;
    for (let i = 0; i < 55; i++)
      await recordFailedPost(db, post(`bulk-${String(i).padStart(2, '0')}`, `Market day ${i} in Sarmada`, 3), 'could not be stored: test');
    const first = listed((await get('/failed', operator)).body);
    const second = (await get('/failed?page=2', operator)).body;
    expect(first).toHaveLength(50);
    expect(first[0]![1]).toBe('bulk-54');
    expect(listed(second).map(([, item]) => item)).toEqual(['bulk-04', 'bulk-03', 'bulk-02', 'bulk-01', 'bulk-00', 'hostile']);
    expect(second).toContain('<span class="muted">51–56 of 56</span>');
    expect(second).toContain('<a href="/failed?page=1" rel="prev">Newer</a>');

    const response = await postForm('/failed/retry-all', operator);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/failed?queued=56&stored=0&missing=0&unreadable=0');
    await drainUntil(0);
    const page = (await get('/failed', operator)).body;
    expect(page).toContain('<p class="empty" id="failed-empty">No failed posts.</p>');
    expect(page).not.toContain('action="/failed/retry-all"');
  });
});
