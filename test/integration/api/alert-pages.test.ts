import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import { appendAlertEvent } from '../../../src/alert-events/index.js';
import { insertEvidence, updateAlert } from '../../../src/alerts/alert-repository.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';
import { login, seedAlert, seedUsers, type Session } from './api-fixtures.js';
import { openApiTestRuntime } from './api-runtime.js';

/** What the queue rows and the alert page tell a reviewer about an incident, rendered by the server. */
let t: TestRuntime;
let app: FastifyInstance;
let reviewer: Session;
let alertId: string;

const ISO_MINUTE = /\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/;
const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: reviewer.cookie } });

beforeAll(async () => {
  t = await openApiTestRuntime('alertpages');
  app = await buildApiServer(t.runtime, { loginRateLimit: { max: 1000, timeWindow: 60_000 } });
  reviewer = await login(app, (await seedUsers(t.runtime.database.db)).reviewer);
  const db = t.runtime.database.db;
  const seeded = await seedAlert(db, { text: 'They threaten to slaughter the people of Darat Izza tonight' });
  alertId = seeded.alertId;
  // Two accounts post one copied text: a copy-paste cluster inside the incident.
  for (const author of ['copier1', 'copier2']) {
    const post = await db
      .insertInto('posts')
      .values({
        feed: 'test-feed',
        external_id: `copy-${author}`,
        author_handle: author,
        text: 'Darat Izza apostates must go',
        lang: 'en',
        published_at: new Date(Date.now() - 60_000),
        links: '[]',
        media: '[]',
        score: 0.6,
        severity: 'medium',
        analysis: '{}',
        cluster_id: 'cluster-a',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertEvidence(db, { alertId, postId: post.id, placeId: 'darat-izza', score: 0.6, severity: 'medium', category: 'takfir', explanation: {} });
  }
  await updateAlert(db, alertId, { post_count: 3, distinct_authors: 3, distinct_sources: 1, category_counts: { death_threat: 1, takfir: 2 } });
  // Written by the analyzer before migration 0007, when a severity raise was called `escalated`.
  await appendAlertEvent(db, { alertId, actor: 'analyzer', action: 'escalated', fromStatus: 'new', toStatus: 'new', data: { reason: 'campaign' } });
});

afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

describe('queue rows', () => {
  it('carry the representative post in its own direction, category chips with counts, accounts and sources in words', async () => {
    const rows = (await get('/alerts/rows?status=new')).body;
    expect(rows).toContain('<p class="row-text" dir="auto" lang="en">They threaten to slaughter the people of Darat Izza tonight</p>');
    expect(rows).toMatch(/>takfir <b>2<\/b><\/span><span class="chip" data-category="death_threat">death threat <b>1<\/b>/);
    expect(rows).toContain('3 accounts');
    expect(rows).toContain('1 source<');
    expect(rows).not.toContain('1 sources');
    expect(rows).toMatch(new RegExp(`<time datetime="[^"]+" title="${ISO_MINUTE.source}" data-ago>`));
  });
});

describe('the alert page', () => {
  it('shows the facets, plural-correct figures, ISO times, the copied text once with its account count, and old automatic escalations as severity raises', async () => {
    const page = (await get(`/alerts/${alertId}`)).body;
    expect(page).toContain('class="facets"');
    expect(page).toContain('3 posts, 3 accounts, 1 source,');
    expect(page).toMatch(new RegExp(`<dt>First seen</dt><dd>${ISO_MINUTE.source} \\(<time`));
    // Two texts: the copied one collapsed to one row with its figures, and the single post.
    expect(page).toContain('2 texts in 3 posts');
    expect(page.match(/<details class="text-group[^"]*" data-cluster="cluster-a" data-copies="2">/g)).toHaveLength(1);
    expect(page).not.toMatch(/<details[^>]* open/);
    expect(page).toMatch(/<b>2 copies<\/b>\s*· 2 accounts · 1 source/);
    expect(page.match(/Darat Izza apostates must go/g)).toHaveLength(2); // the row's two lines and its expanded text
    expect(page).toContain('<span class="trail-action" data-action="escalated">severity raised</span>');
    expect(page).toMatch(new RegExp(`<time datetime="[^"]+">${ISO_MINUTE.source}</time> <bdi class="actor">analyzer</bdi>`));
    // The trail sits in the side column, before the timeline and the texts in the page's order.
    expect(page.indexOf('id="trail"')).toBeLessThan(page.indexOf('class="texts"'));
    expect(page).toContain('<svg class="bar-chart timeline-chart"');
  });
});

describe('a queue row expanded in place', () => {
  it('shows why the alert was raised and its top texts with their spans and copy counts', async () => {
    const response = await get(`/alerts/${alertId}/preview`);
    expect(response.statusCode).toBe(200);
    const preview = response.body;
    expect(preview).toMatch(/^<div class="row-preview" data-preview="\d+">/);
    expect(preview).toContain('<b>Raised</b> as <span class="badge sev-high">high</span>');
    expect(preview).toContain('on 3 posts from 3 accounts and 1 source');
    expect(preview).toContain('<mark class="hl-threat" title="threat: death_threat">slaughter</mark>');
    expect(preview).toMatch(/<b>2 copies<\/b> from 2 accounts/);
    expect(preview).toContain(`<a href="/alerts/${alertId}">Open the alert</a>`);
  });

  it('is 401 for a signed-out script and 404 out of reach', async () => {
    expect((await app.inject({ method: 'GET', url: `/alerts/${alertId}/preview` })).statusCode).toBe(401);
    expect((await get('/alerts/999999999/preview')).statusCode).toBe(404);
  });
});

describe('splitting a copied text', () => {
  it("moves every copy of the cluster into a new alert linked to the first, from the cluster row's form", async () => {
    const page = (await get(`/alerts/${alertId}`)).body;
    expect(page).toContain('<input type="hidden" name="cluster_id" value="cluster-a">');
    expect(page).toContain('Split these 2 copies into their own alert');
    const response = await app.inject({
      method: 'POST',
      url: `/alerts/${alertId}/act`,
      headers: { cookie: reviewer.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: reviewer.csrf, action: 'split', cluster_id: 'cluster-a' }).toString(),
    });
    expect(response.statusCode).toBe(303);
    const createdId = /^\/alerts\/(\d+)\?done=split$/.exec(String(response.headers.location))![1]!;
    const db = t.runtime.database.db;
    const moved = await db
      .selectFrom('alert_posts as e')
      .innerJoin('posts as p', 'p.id', 'e.post_id')
      .select(['e.alert_id', 'p.cluster_id'])
      .where('e.alert_id', 'in', [alertId, createdId])
      .execute();
    expect(moved.filter((m) => m.alert_id === createdId).map((m) => m.cluster_id)).toEqual(['cluster-a', 'cluster-a']);
    expect(moved.filter((m) => m.alert_id === alertId).map((m) => m.cluster_id)).toEqual([null]);
    const created = await db
      .selectFrom('alerts')
      .select(['post_count', 'distinct_authors', 'linked_alert_id', 'category'])
      .where('id', '=', createdId)
      .executeTakeFirstOrThrow();
    expect(created).toEqual({ post_count: 2, distinct_authors: 2, linked_alert_id: alertId, category: 'takfir' });
    const event = await db.selectFrom('alert_events').select('data').where('alert_id', '=', alertId).where('action', '=', 'split').executeTakeFirstOrThrow();
    expect(event.data).toMatchObject({ clusterId: 'cluster-a', newAlertId: createdId });
    // Nothing left to split off: the remaining post is alone, and a cluster that is not there is refused.
    const again = await app.inject({
      method: 'POST',
      url: `/alerts/${alertId}/act`,
      headers: { cookie: reviewer.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: reviewer.csrf, action: 'split', cluster_id: 'cluster-a' }).toString(),
    });
    expect(again.headers.location).toBe(`/alerts/${alertId}?error=invalid_request`);
  });
});
