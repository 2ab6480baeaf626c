import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAlerts } from '../../../src/alerts/index.js';
import { ingestFile, waitForAnalyzeJobs } from '../../../src/pipeline/index.js';
import { startAnalyzer } from '../../../workers/analyzer.js';
import { PROJECT_ROOT } from '../../helpers/paths.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';

const FIXTURE = path.join(PROJECT_ROOT, 'test/fixtures/posts/mixed-small.jsonl');

describe('file import through the queue to alerts in Postgres', () => {
  let t: TestRuntime;
  beforeAll(async () => {
    t = await openTestRuntime({ label: 'fileingest' });
    startAnalyzer(t.runtime);
  });
  afterAll(async () => t?.dispose());

  it('turns threats against Darat Izza into one alert with evidence, and nothing else', async () => {
    const report = await ingestFile(t.runtime, FIXTURE, { feed: 'import-test' });
    expect(report.posts).toBe(6);
    expect(report.skipped).toEqual([expect.objectContaining({ position: 6 })]);
    expect(await waitForAnalyzeJobs(t.runtime, report.jobIds)).toEqual([]);

    const db = t.runtime.database.db;
    const posts = await db.selectFrom('posts').select(['external_id', 'severity', 'config_version']).execute();
    expect(posts).toHaveLength(6);
    expect(new Set(posts.map((p) => p.config_version))).toEqual(new Set([t.runtime.config.current.config.version]));

    const alerts = await listAlerts(db);
    const darat = alerts.filter((a) => a.place_id === 'darat-izza');
    expect(darat).toHaveLength(1);
    const evidence = await sql<{ external_id: string }>`
      select p.external_id from alert_posts e join posts p on p.id = e.post_id
      where e.alert_id = ${darat[0]!.id} order by p.external_id`.execute(db);
    expect(evidence.rows.map((r) => r.external_id)).toEqual(['t-1', 't-2', 't-3']);
    expect(darat[0]!.post_count).toBe(3);
    expect(darat[0]!.distinct_authors).toBe(3);
    // The news report, the market post and the weather idiom raise nothing anywhere.
    const flagged = await sql<{ external_id: string }>`
      select distinct p.external_id from alert_posts e join posts p on p.id = e.post_id`.execute(db);
    expect(flagged.rows.map((r) => r.external_id).sort()).toEqual(['t-1', 't-2', 't-3']);
    const events = await db.selectFrom('alert_events').select(['action', 'actor']).where('alert_id', '=', darat[0]!.id).execute();
    expect(events).toContainEqual({ action: 'opened', actor: 'analyzer' });
  });

  it('importing the same file again changes nothing (exact duplicates dropped)', async () => {
    const db = t.runtime.database.db;
    const before = await db
      .selectFrom('alert_posts')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    const report = await ingestFile(t.runtime, FIXTURE, { feed: 'import-test' });
    expect(await waitForAnalyzeJobs(t.runtime, report.jobIds)).toEqual([]);
    const after = await db
      .selectFrom('alert_posts')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    const posts = await db
      .selectFrom('posts')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(posts.n).toBe(6);
  });
});
