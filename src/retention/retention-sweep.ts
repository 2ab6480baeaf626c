import { sql, type Kysely } from 'kysely';
import { durationToMs, type RetentionFile } from '../config/index.js';
import type { Database } from '../db/index.js';
import { dropExpiredPostPartitions, type PartitionRetention } from './partition-retention.js';

/** Alert statuses after which evidence starts to age out ("merged" alerts live on in their target). */
const CLOSED = ['resolved', 'false_positive', 'merged'] as const;

/** What one sweep removed (or, dry, would remove), per data class. */
export interface RetentionReport {
  readonly dryRun: boolean;
  readonly at: string;
  readonly unmatchedPosts: { readonly cutoff: string | null; readonly redacted: number };
  readonly alertEvidence: { readonly cutoff: string | null; readonly redactedPosts: number; readonly explanations: number };
  readonly audit: { readonly cutoff: string | null; readonly auditLog: number; readonly alertEvents: number };
  /** Months of posts whose partition was dropped, and expired months kept with the reason. */
  readonly postPartitions: PartitionRetention;
  readonly ms: number;
}

/** The content columns a redacted post loses; ids, feed, times, fingerprints and cluster remain. */
const REDACTED = {
  text: '',
  raw: null,
  author_id: null,
  author_handle: null,
  author_name: null,
  url: null,
  links: '[]',
  media: '[]',
  analysis: null,
} as const;

/**
 * Enforces retention: posts that matched nothing keep only ids and fingerprints after their window;
 * evidence of alerts closed longer than theirs loses its text and explanations; audit entries older
 * than theirs are deleted; with `drop_post_partitions_after`, whole months of posts are dropped with
 * their partition (see dropExpiredPostPartitions). Works in batches, so a sweep never holds long locks; `dryRun` only counts.
 *
 * @example const report = await sweepRetention(db, retentionOf(config), { dryRun: true });
 */
export async function sweepRetention(db: Kysely<Database>, retention: RetentionFile, options: { dryRun?: boolean; now?: Date } = {}): Promise<RetentionReport> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const dryRun = options.dryRun ?? false;
  const cutoff = (window: string) => (window === 'forever' ? null : new Date(now.getTime() - durationToMs(window)));
  const batch = retention.batch_size;

  const unmatchedCutoff = cutoff(retention.unmatched_posts);
  let unmatched = 0;
  if (unmatchedCutoff) {
    const candidates = db
      .selectFrom('posts')
      .select('posts.id')
      .where('posts.published_at', '<', unmatchedCutoff)
      .where('posts.redacted_at', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('alert_posts').select('alert_posts.post_id').whereRef('alert_posts.post_id', '=', 'posts.id'))),
      );
    unmatched = dryRun ? await count(db, candidates) : await redactInBatches(db, candidates, batch, now);
  }

  const evidenceCutoff = cutoff(retention.alert_evidence);
  let evidencePosts = 0;
  let explanations = 0;
  if (evidenceCutoff) {
    // Evidence ages out only when every alert it supports closed before the cutoff.
    const stillNeeded = (postId: 'posts.id' | 'alert_posts.post_id') => sql<boolean>`exists (
      select 1 from alert_posts ap join alerts a on a.id = ap.alert_id
      where ap.post_id = ${sql.ref(postId)} and (a.status not in (${sql.join(CLOSED)}) or a.updated_at >= ${evidenceCutoff}))`;
    const posts = db
      .selectFrom('posts')
      .select('posts.id')
      .where('posts.redacted_at', 'is', null)
      .where(({ exists, selectFrom }) => exists(selectFrom('alert_posts').select('alert_posts.post_id').whereRef('alert_posts.post_id', '=', 'posts.id')))
      .where(sql<boolean>`not ${stillNeeded('posts.id')}`);
    if (dryRun) {
      evidencePosts = await count(db, posts);
      explanations = evidencePosts;
    } else {
      evidencePosts = await redactInBatches(db, posts, batch, now);
      const result = await db
        .updateTable('alert_posts')
        .set({ explanation: JSON.stringify({ redacted: true, at: now.toISOString() }) })
        .where(sql<boolean>`not (explanation ? 'redacted')`)
        .where(sql<boolean>`not ${stillNeeded('alert_posts.post_id')}`)
        .executeTakeFirst();
      explanations = Number(result.numUpdatedRows);
    }
  }

  const auditCutoff = cutoff(retention.audit);
  let auditLog = 0;
  let alertEvents = 0;
  if (auditCutoff) {
    if (dryRun) {
      auditLog = await count(db, db.selectFrom('audit_log').select('id').where('created_at', '<', auditCutoff));
      alertEvents = await count(db, db.selectFrom('alert_events').select('id').where('created_at', '<', auditCutoff));
    } else {
      auditLog = await db.transaction().execute(async (tx) => {
        // The audit log refuses deletes unless the transaction says it is the retention sweep.
        await sql`set local placewatch.retention = 'on'`.execute(tx);
        return Number((await tx.deleteFrom('audit_log').where('created_at', '<', auditCutoff).executeTakeFirst()).numDeletedRows);
      });
      alertEvents = Number((await db.deleteFrom('alert_events').where('created_at', '<', auditCutoff).executeTakeFirst()).numDeletedRows);
    }
  }

  const partitionCutoff = cutoff(retention.drop_post_partitions_after);
  // After the redactions: they touch only rows the partitions it keeps still hold.
  const postPartitions = partitionCutoff ? await dropExpiredPostPartitions(db, partitionCutoff, dryRun) : { cutoff: null, dropped: [], kept: [] };

  const iso = (d: Date | null) => d?.toISOString() ?? null;
  const report: RetentionReport = {
    dryRun,
    at: now.toISOString(),
    unmatchedPosts: { cutoff: iso(unmatchedCutoff), redacted: unmatched },
    alertEvidence: { cutoff: iso(evidenceCutoff), redactedPosts: evidencePosts, explanations },
    audit: { cutoff: iso(auditCutoff), auditLog, alertEvents },
    postPartitions,
    ms: Date.now() - started,
  };
  if (!dryRun) {
    // The sweep's own record (written after the audit purge, so it survives this sweep).
    await db
      .insertInto('audit_log')
      .values({
        actor: 'retention',
        action: 'retention.sweep',
        subject_type: 'retention',
        subject_id: report.at,
        after: JSON.stringify(report),
      })
      .execute();
  }
  return report;
}

async function count(db: Kysely<Database>, query: { as(alias: 'c'): unknown }): Promise<number> {
  const row = await db
    .selectFrom(query.as('c') as never)
    .select(sql<string>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number((row as { n: string }).n);
}

async function redactInBatches(db: Kysely<Database>, candidates: { limit(n: number): unknown }, batch: number, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const ids = candidates.limit(batch) as never;
    const result = await db
      .updateTable('posts')
      .set({ ...REDACTED, redacted_at: now })
      .where('id', 'in', ids)
      .executeTakeFirst();
    const n = Number(result.numUpdatedRows);
    total += n;
    if (n < batch) return total;
  }
}
