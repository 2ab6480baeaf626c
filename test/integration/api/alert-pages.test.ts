import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import { appendAlertEvent, insertEvidence, updateAlert } from '../../../src/alerts/alert-repository.js';
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
        feed: 'test-feed', external_id: `copy-${author}`, author_handle: author, text: 'Darat Izza apostates must go', lang: 'en',
        published_at: new Date(Date.now() - 60_000), links: '[]', media: '[]', score: 0.6, severity: 'medium', analysis: '{}', cluster_id: 'cluster-a',
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
  it('shows the facets, plural-correct figures, ISO times, the copied text with its account count, and old automatic escalations as severity raises', async () => {
    const page = (await get(`/alerts/${alertId}`)).body;
    expect(page).toContain('class="facets"');
    expect(page).toContain('3 posts, 3 accounts, 1 source,');
    expect(page).toMatch(new RegExp(`<dt>First seen</dt><dd>${ISO_MINUTE.source} \\(<time`));
    expect(page).toContain('Copied texts (1)');
    expect(page).toContain('2 copies from 2 accounts, 1 source,');
    expect(page).toContain('<td data-action="escalated">severity raised</td>');
    expect(page).toMatch(new RegExp(`<td><time datetime="[^"]+">${ISO_MINUTE.source}</time></td>`));
  });
});
