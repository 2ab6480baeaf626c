import { sql, type Kysely } from 'kysely';
import type { Database, Db } from '../db/index.js';

/**
 * Monthly partitions of posts (migration 0009). The partition key is the id: a month's partition holds
 * the ids the sequence hands out during that month. A month opened here starts at a fixed base,
 * (months since 2000-01) << 40, so the next month's partition is created (empty) during the month
 * before, and the month turn itself is a `setval` of the sequence, no DDL.
 */
export interface PostPartition {
  /** YYYY-MM, UTC. */
  readonly month: string;
  readonly tableName: string;
  /** First id of the range; null for the oldest partition (MINVALUE). */
  readonly fromId: string | null;
  /** First id after the range. */
  readonly toId: string;
}

/** 2^40 ids per month: far beyond any month's posts, and 8,000 years of months below 2^53. */
const MONTH_SHIFT = 40n;

/** Serialises partition DDL and the sequence move between processes (analyzers, scheduler, CLI). */
const PARTITION_LOCK = 'placewatch:post_partitions';

/** YYYY-MM of a time, in UTC. */
export function monthOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/** Where a month opened by ensurePostPartitions starts: (months since 2000-01) << 40. */
export function monthBaseId(month: string): bigint {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return BigInt((year - 2000) * 12 + (m - 1)) << MONTH_SHIFT;
}

/** The month after a YYYY-MM month. */
export function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/** The first instant of a YYYY-MM month, UTC. */
export function monthStart(month: string): Date {
  return new Date(`${month}-01T00:00:00.000Z`);
}

/** The partitions that exist now (dropped ones excluded), oldest first. */
export async function listPostPartitions(db: Db): Promise<PostPartition[]> {
  const rows = await db
    .selectFrom('post_partitions')
    .select(['month', 'table_name', 'from_id', 'to_id'])
    .where('dropped_at', 'is', null)
    .orderBy('month')
    .execute();
  return rows.map((r) => ({ month: r.month, tableName: r.table_name, fromId: r.from_id, toId: r.to_id }));
}

/**
 * Makes sure the partitions of `now`'s month and the next exist, and that new ids fall in `now`'s
 * month: when the sequence is still below that month's first id, it moves there. Idempotent and safe
 * from several processes at once (an advisory lock). Returns the months it created.
 *
 * Inserts never depend on it: until it runs, new ids stay in the month before (whose range reaches
 * the next month's base), so a late or failed call only files a few posts one month early.
 *
 * @example await ensurePostPartitions(db, { now: new Date('2026-12-01T00:00:00Z') });
 */
export async function ensurePostPartitions(db: Kysely<Database>, options: { now?: Date } = {}): Promise<{ created: string[] }> {
  const month = monthOf(options.now ?? new Date());
  return db.transaction().execute(async (tx) => {
    // A long reader of posts must not make every writer queue behind our DDL for long.
    await sql`set local lock_timeout = '5s'`.execute(tx);
    await sql`select pg_advisory_xact_lock(hashtextextended(${PARTITION_LOCK}, 0))`.execute(tx);
    const known = await tx.selectFrom('post_partitions').select(['month', 'from_id']).orderBy('month').execute();
    const created: string[] = [];
    let latest = known.at(-1)?.month ?? '';
    for (const wanted of [month, nextMonth(month)]) {
      // Only after the newest: an older month's ids are already covered by its neighbours' ranges.
      if (wanted <= latest) continue;
      const from = monthBaseId(wanted);
      const to = monthBaseId(nextMonth(wanted));
      const table = `posts_y${wanted.replace('-', 'm')}`;
      await sql`create table ${sql.id(table)} partition of posts for values from (${sql.raw(String(from))}) to (${sql.raw(String(to))})`.execute(tx);
      await tx
        .insertInto('post_partitions')
        .values({ month: wanted, table_name: table, from_id: String(from), to_id: String(to) })
        .execute();
      created.push(wanted);
      latest = wanted;
    }
    const start = known.find((p) => p.month === month)?.from_id ?? (created.includes(month) ? String(monthBaseId(month)) : null);
    // setval only ever moves forward here; ids handed out before it stay in the month before.
    if (start !== null)
      await sql`select setval('posts_id_seq', ${start}::bigint, false) where (select last_value from posts_id_seq) < ${start}::bigint`.execute(tx);
    return { created };
  });
}

const ensured = new WeakMap<object, { month: string; at: number }>();
const RETRY_FAILED_ENSURE_MS = 60_000;

/**
 * ensurePostPartitions once per process and month (cheap on every batch): called before a batch's
 * transaction, so the month's first batch opens the month. A failure is retried a minute later and
 * never fails the batch (see ensurePostPartitions: inserts do not depend on it).
 */
export async function ensurePostPartitionsForMonth(db: Kysely<Database>, now = new Date(), onError?: (error: unknown) => void): Promise<void> {
  const month = monthOf(now);
  const last = ensured.get(db);
  if (last && last.month === month && (last.at === 0 || now.getTime() - last.at < RETRY_FAILED_ENSURE_MS)) return;
  try {
    await ensurePostPartitions(db, { now });
    ensured.set(db, { month, at: 0 });
  } catch (error) {
    ensured.set(db, { month, at: now.getTime() });
    onError?.(error);
  }
}
