import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { errorMessage } from '../errors.js';
import { listPostPartitions, monthStart, nextMonth, type PostPartition } from '../posts/index.js';

/** What the partition step dropped (or, dry, would drop), and the expired months it kept with the reason. */
export interface PartitionRetention {
  readonly cutoff: string | null;
  readonly dropped: string[];
  readonly kept: Array<{ readonly month: string; readonly reason: string }>;
}

/** Alert statuses after which an alert no longer needs fresh evidence (as in retention-sweep.ts). */
const CLOSED = ['resolved', 'false_positive', 'merged'] as const;

/**
 * Drops (DETACH + DROP) each month's partition of posts whose whole month ended before `cutoff`,
 * unless something still needs it: evidence or a representative post of any alert (a foreign key
 * would refuse the detach anyway, and evidence must not lose its post), new ids still falling in its
 * range, or posts in it ingested after the cutoff. Keys stay in post_keys, so a re-poll of a dropped
 * post is still recognised as seen. `dryRun` only reports.
 */
export async function dropExpiredPostPartitions(db: Kysely<Database>, cutoff: Date, dryRun: boolean): Promise<PartitionRetention> {
  const dropped: string[] = [];
  const kept: Array<{ month: string; reason: string }> = [];
  for (const partition of await listPostPartitions(db)) {
    if (monthStart(nextMonth(partition.month)) > cutoff) continue;
    const reason = await reasonToKeep(db, partition, cutoff);
    if (reason) {
      kept.push({ month: partition.month, reason });
      continue;
    }
    if (!dryRun) {
      try {
        await dropPartition(db, partition);
      } catch (error) {
        kept.push({ month: partition.month, reason: `drop refused: ${errorMessage(error)}` });
        continue;
      }
    }
    dropped.push(partition.month);
  }
  return { cutoff: cutoff.toISOString(), dropped, kept };
}

/** Why an expired partition must stay, or null when it can go. Cheapest checks first. */
async function reasonToKeep(db: Kysely<Database>, p: PostPartition, cutoff: Date): Promise<string | null> {
  const from = p.fromId ?? '-9223372036854775808';
  const inRange = (column: string) => sql<boolean>`${sql.ref(column)} >= ${from}::bigint and ${sql.ref(column)} < ${p.toId}::bigint`;
  const { rows: writing } = await sql<{ current: boolean }>`select ${inRange('last_value')} as current from posts_id_seq`.execute(db);
  if (writing[0]?.current) return 'new posts are still stored in it (its month was not closed: no analyzer ran since)';
  const { rows } = await sql<{ alerts: number; open: number }>`
    select count(*)::int as alerts, (count(*) filter (where a.status not in (${sql.join(CLOSED)})))::int as open
    from alerts a
    where ${inRange('a.representative_post_id')}
       or exists (select 1 from alert_posts ap where ap.alert_id = a.id and ${inRange('ap.post_id')})`.execute(db);
  const { alerts, open } = rows[0] ?? { alerts: 0, open: 0 };
  if (alerts > 0) return `holds evidence of ${alerts} alert(s), ${open} of them open`;
  const { rows: late } = await sql<{ late: boolean }>`
    select exists (select 1 from ${sql.table(p.tableName)} where ingested_at >= ${cutoff}) as late`.execute(db);
  if (late[0]?.late) return 'holds posts ingested after the cutoff';
  return null;
}

async function dropPartition(db: Kysely<Database>, p: PostPartition): Promise<void> {
  await db.transaction().execute(async (tx) => {
    // Detaching locks posts for a moment; never queue every writer behind a long reader for long.
    await sql`set local lock_timeout = '5s'`.execute(tx);
    await sql`alter table posts detach partition ${sql.table(p.tableName)}`.execute(tx);
    await sql`drop table ${sql.table(p.tableName)}`.execute(tx);
    await tx.updateTable('post_partitions').set({ dropped_at: new Date() }).where('month', '=', p.month).execute();
  });
}
