import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retentionOf } from '../../../src/config/index.js';
import { sweepRetention } from '../../../src/retention/index.js';
import { runCli } from '../../helpers/run-cli.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';
import { seedAlert } from '../api/api-fixtures.js';
import { CONFIG_TEST_DIR } from './config-fixtures.js';

const DAY = 86_400_000;

describe('retention sweep', () => {
  let t: TestRuntime;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await openTestRuntime({ configDir: CONFIG_TEST_DIR, label: 'retention' });
    const db = t.runtime.database.db;
    const insert = async (name: string, daysAgo: number) => {
      const row = await db
        .insertInto('posts')
        .values({
          feed: 'ret',
          external_id: name,
          text: `ordinary text ${name}`,
          author_handle: 'someone',
          published_at: new Date(Date.now() - daysAgo * DAY),
          links: '[]',
          media: '[]',
          content_fingerprint: `fp-${name}`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids[name] = row.id;
    };
    await insert('old-unmatched', 40);
    await insert('new-unmatched', 2);
    const closed = await seedAlert(db, { publishedAt: new Date(Date.now() - 400 * DAY) });
    const open = await seedAlert(db, { publishedAt: new Date(Date.now() - 400 * DAY) });
    ids['closed-evidence'] = closed.postId;
    ids['open-evidence'] = open.postId;
    await db
      .updateTable('alerts')
      .set({ status: 'resolved', updated_at: new Date(Date.now() - 380 * DAY) })
      .where('id', '=', closed.alertId)
      .execute();
    await db
      .insertInto('audit_log')
      .values({ actor: 'x', action: 'old', subject_type: 'user', subject_id: '1', created_at: new Date(Date.now() - 800 * DAY) } as never)
      .execute();
  });

  afterAll(async () => {
    await t?.dispose();
  });

  it('reports what it would remove without changing anything (--dry-run)', async () => {
    const result = await runCli(['--config', CONFIG_TEST_DIR, 'retention', 'sweep', '--dry-run', '--json'], t.env);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      dryRun: true,
      unmatchedPosts: { redacted: 1 },
      alertEvidence: { redactedPosts: 1 },
      audit: { auditLog: 1 },
      // Partitions are never dropped unless retention.yaml says after how long.
      postPartitions: { cutoff: null, dropped: [], kept: [] },
    });
    const kept = await t.runtime.database.db.selectFrom('posts').select('text').where('id', '=', ids['old-unmatched']!).executeTakeFirstOrThrow();
    expect(kept.text).toBe('ordinary text old-unmatched');
  }, 30_000);

  it('keeps only ids and fingerprints of old unmatched posts, redacts evidence of long-closed alerts, deletes old audit, and records the sweep', async () => {
    const db = t.runtime.database.db;
    const report = await sweepRetention(db, retentionOf(t.runtime.config.current.config));
    expect(report).toMatchObject({
      dryRun: false,
      unmatchedPosts: { redacted: 1 },
      alertEvidence: { redactedPosts: 1, explanations: 1 },
      audit: { auditLog: 1 },
    });
    const posts = await db.selectFrom('posts').select(['id', 'external_id', 'text', 'author_handle', 'content_fingerprint', 'redacted_at']).execute();
    const byId = new Map(posts.map((p) => [p.id, p]));
    expect(byId.get(ids['old-unmatched']!)).toMatchObject({
      external_id: 'old-unmatched',
      text: '',
      author_handle: null,
      content_fingerprint: 'fp-old-unmatched',
    });
    expect(byId.get(ids['old-unmatched']!)!.redacted_at).not.toBeNull();
    expect(byId.get(ids['new-unmatched']!)!.text).toBe('ordinary text new-unmatched');
    expect(byId.get(ids['closed-evidence']!)!.text).toBe('');
    expect(byId.get(ids['open-evidence']!)!.text).not.toBe('');
    const sweeps = await db.selectFrom('audit_log').select(['action', 'subject_type']).where('action', '=', 'retention.sweep').execute();
    expect(sweeps).toEqual([{ action: 'retention.sweep', subject_type: 'retention' }]);
    // Running again finds nothing left to do.
    const again = await sweepRetention(db, retentionOf(t.runtime.config.current.config));
    expect([again.unmatchedPosts.redacted, again.alertEvidence.redactedPosts, again.audit.auditLog]).toEqual([0, 0, 0]);
    expect((await sql<{ n: string }>`select count(*) as n from posts`.execute(db)).rows[0]!.n).toBe('4');
  }, 30_000);
});
