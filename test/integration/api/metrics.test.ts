import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import { recordFailedPost } from '../../../src/posts/index.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';
import { openApiTestRuntime } from './api-runtime.js';
import { seedAlert, seedUsers, tokenFor } from './api-fixtures.js';

/** The value of one sample line (`name{labels} value`) of a Prometheus text page, or undefined. */
function sample(page: string, line: string): number | undefined {
  const found = page.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describe('GET /metrics', () => {
  let t: TestRuntime;
  let app: FastifyInstance;
  let operator: string;
  let reviewer: string;

  beforeAll(async () => {
    t = await openApiTestRuntime('metrics');
    app = await buildApiServer(t.runtime);
    const users = await seedUsers(t.runtime.database.db);
    operator = await tokenFor(t.runtime.database.db, users.operator.email);
    reviewer = await tokenFor(t.runtime.database.db, users.reviewer.email);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const scrape = (token: string) => app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });

  it('reports queue depth and lag, alerts, failed posts and lock waits of the whole deployment, to operators', async () => {
    await seedAlert(t.runtime.database.db, { severity: 'critical' });
    await seedAlert(t.runtime.database.db, { severity: 'critical' });
    await recordFailedPost(t.runtime.database.db, { feed: 'metrics-feed', externalId: 'x1' }, 'broken');
    // No worker runs in this test: the job waits, and its age is the analyze queue's lag.
    await t.runtime.queues.analyze.add('analyze', { source: 'metrics-test', posts: [] }, { timestamp: Date.now() - 5_000 });

    const response = await scrape(operator);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const page = response.body;
    expect(sample(page, 'placewatch_alerts{status="new",severity="critical"}')).toBe(2);
    expect(sample(page, 'placewatch_failed_posts')).toBe(1);
    expect(sample(page, 'placewatch_queue_jobs{queue="analyze",state="waiting"}')).toBe(1);
    expect(sample(page, 'placewatch_queue_jobs{queue="notify",state="failed"}')).toBe(0);
    expect(sample(page, 'placewatch_queue_oldest_waiting_seconds{queue="analyze"}')).toBeGreaterThanOrEqual(4);
    expect(sample(page, 'placewatch_queue_oldest_waiting_seconds{queue="poll"}')).toBe(0);
    expect(sample(page, 'placewatch_postgres_lock_waits')).toBe(0);
    for (const source of ['queue:poll', 'queue:analyze', 'queue:notify', 'failed_posts', 'alerts', 'notifications', 'pg_locks']) {
      expect(sample(page, `placewatch_scrape_errors{source="${source}"}`), source).toBe(0);
    }
  });

  it('is refused to reviewers and to anonymous callers', async () => {
    expect((await scrape(reviewer)).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
  });
});
