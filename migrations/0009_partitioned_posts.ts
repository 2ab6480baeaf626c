import { sql, type Kysely } from 'kysely';

/**
 * Posts partitioned by month, so retention can drop a month's partition instead of deleting rows.
 *
 * The partition key is the id (RANGE), not a time: `primary key (id)` stays, and every foreign key to
 * posts(id) (evidence, representative post) keeps working unchanged. A month's partition holds the ids
 * the sequence hands out during that month. Months opened after this migration start at a fixed base,
 * (months since 2000-01) << 40, so the next month's partition can exist (empty) before the month
 * begins and the month turn is only a `setval` (src/posts/post-partitions.ts). Months that already
 * hold rows start at their first id (by ingestion time); the oldest starts at MINVALUE.
 *
 * A partitioned table's unique keys must include its partition key, so (feed, external_id) moves to
 * `post_keys`, an unpartitioned table keyed by it (constraint name unchanged: posts_feed_external_id_key).
 * The writer claims keys there first and stores posts only for the keys it claimed; a trigger on posts
 * makes the same check for every other writer. Keys outlive a dropped partition: a re-poll of a post
 * whose month was dropped is still recognised as seen and not stored again. A deleted or truncated
 * post takes its key with it, as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const foreignKeys = await dropForeignKeysToPosts(db);
  // The sequence would go with the old table; the partitioned one takes it over.
  await sql`alter sequence posts_id_seq owned by none`.execute(db);
  await sql`create table posts_partitioned (like posts including defaults) partition by range (id)`.execute(db);

  await sql`
    create table post_partitions (
      month text primary key,
      table_name text not null unique,
      from_id bigint,
      to_id bigint not null,
      created_at timestamptz not null default now(),
      dropped_at timestamptz
    )`.execute(db);
  for (const p of await plannedPartitions(db)) {
    const from = sql.raw(p.fromId === null ? 'minvalue' : String(BigInt(p.fromId)));
    await sql`create table ${sql.id(p.table)} partition of posts_partitioned for values from (${from}) to (${sql.raw(String(BigInt(p.toId)))})`.execute(db);
    await sql`insert into post_partitions (month, table_name, from_id, to_id) values (${p.month}, ${p.table}, ${p.fromId}, ${p.toId})`.execute(db);
  }

  await sql`insert into posts_partitioned select * from posts`.execute(db);
  await sql`drop table posts`.execute(db);
  await sql`alter table posts_partitioned rename to posts`.execute(db);
  await sql`
    create table post_keys (
      feed text not null,
      external_id text not null,
      post_id bigint not null default nextval('posts_id_seq'),
      -- Guards re-polls and job retries: a source item is stored once, whichever month it came in.
      constraint posts_feed_external_id_key primary key (feed, external_id)
    )`.execute(db);
  await sql`insert into post_keys (feed, external_id, post_id) select feed, external_id, id from posts`.execute(db);

  await sql`alter sequence posts_id_seq owned by posts.id`.execute(db);
  await sql`alter table posts add constraint posts_pkey primary key (id)`.execute(db);
  await createPostIndexes(db);
  for (const fk of foreignKeys) await sql`alter table ${sql.raw(fk.table)} add constraint ${sql.id(fk.name)} ${sql.raw(fk.def)}`.execute(db);

  // Every writer of posts goes through the key: a post whose key another post holds is refused. The
  // writer that claimed its keys itself (src/posts/post-repository.ts) says so and skips the check:
  // the WHEN clause is evaluated without calling the function, which would cost a third of the insert.
  await sql`
    create function posts_check_key() returns trigger language plpgsql as $$
    declare owner bigint;
    begin
      select post_id into owner from post_keys where feed = new.feed and external_id = new.external_id;
      if not found then
        insert into post_keys (feed, external_id, post_id) values (new.feed, new.external_id, new.id);
      elsif owner <> new.id then
        raise exception 'duplicate key value violates unique constraint "posts_feed_external_id_key"'
          using errcode = 'unique_violation', constraint = 'posts_feed_external_id_key',
                detail = format('Key (feed, external_id)=(%s, %s) already exists.', new.feed, new.external_id);
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger posts_check_key before insert on posts for each row
    when (current_setting('placewatch.post_keys_claimed', true) is distinct from 'on')
    execute function posts_check_key()`.execute(db);
  // A post deleted (or all posts truncated) is forgotten with its key, as before partitioning; only a
  // partition dropped by retention leaves its keys behind (DROP fires no row trigger).
  await sql`
    create function posts_forget_key() returns trigger language plpgsql as $$
    begin
      if tg_op = 'TRUNCATE' then
        truncate post_keys;
      else
        delete from post_keys where feed = old.feed and external_id = old.external_id and post_id = old.id;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger posts_forget_key after delete on posts for each row execute function posts_forget_key()`.execute(db);
  await sql`create trigger posts_forget_keys after truncate on posts for each statement execute function posts_forget_key()`.execute(db);
}

/** Back to one plain table with its (feed, external_id) unique key; rows, ids and foreign keys kept. */
export async function down(db: Kysely<any>): Promise<void> {
  const foreignKeys = await dropForeignKeysToPosts(db);
  await sql`alter sequence posts_id_seq owned by none`.execute(db);
  await sql`create table posts_plain (like posts including defaults)`.execute(db);
  await sql`insert into posts_plain select * from posts`.execute(db);
  await sql`drop table posts`.execute(db);
  await sql`drop function posts_check_key()`.execute(db);
  await sql`drop function posts_forget_key()`.execute(db);
  await sql`drop table post_keys`.execute(db);
  await sql`drop table post_partitions`.execute(db);
  await sql`alter table posts_plain rename to posts`.execute(db);
  await sql`alter sequence posts_id_seq owned by posts.id`.execute(db);
  await sql`alter table posts add constraint posts_pkey primary key (id)`.execute(db);
  await sql`alter table posts add constraint posts_feed_external_id_key unique (feed, external_id)`.execute(db);
  await createPostIndexes(db);
  for (const fk of foreignKeys) await sql`alter table ${sql.raw(fk.table)} add constraint ${sql.id(fk.name)} ${sql.raw(fk.def)}`.execute(db);
}

/** The indexes of 0001 and 0004, on whichever posts table is current. */
async function createPostIndexes(db: Kysely<any>): Promise<void> {
  await sql`create index posts_published_at_idx on posts (published_at)`.execute(db);
  await sql`create index posts_fingerprint_idx on posts (content_fingerprint)`.execute(db);
  await sql`create index posts_cluster_idx on posts (cluster_id)`.execute(db);
  await sql`create index posts_feed_published_idx on posts (feed, published_at)`.execute(db);
}

/** Drops the foreign keys that reference posts(id) and returns them, to add again on the new table. */
async function dropForeignKeysToPosts(db: Kysely<any>): Promise<Array<{ table: string; name: string; def: string }>> {
  const { rows } = await sql<{ table: string; name: string; def: string }>`
    select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as def
    from pg_constraint where contype = 'f' and confrelid = 'posts'::regclass and conparentid = 0 order by 1, 2`.execute(db);
  for (const fk of rows) await sql`alter table ${sql.raw(fk.table)} drop constraint ${sql.id(fk.name)}`.execute(db);
  return rows;
}

/** (months since 2000-01) << 40: where a month opened after this migration starts. Kept in step with src/posts/post-partitions.ts. */
function monthBase(month: string): bigint {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return BigInt((year - 2000) * 12 + (m - 1)) << 40n;
}

function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * One partition per month that holds rows (by ingestion time, starting at its first id), the current
 * month, and the next one (empty, at its base). The oldest starts at MINVALUE.
 */
async function plannedPartitions(db: Kysely<any>): Promise<Array<{ month: string; table: string; fromId: string | null; toId: string }>> {
  const { rows } = await sql<{ month: string; first_id: string }>`
    select to_char(ingested_at at time zone 'UTC', 'YYYY-MM') as month, min(id)::text as first_id
    from posts group by 1 order by 1`.execute(db);
  const { rows: clock } = await sql<{ month: string; next_id: string }>`
    select to_char(now() at time zone 'UTC', 'YYYY-MM') as month, nextval('posts_id_seq')::text as next_id`.execute(db);
  const current = clock[0]!;
  const starts: Array<{ month: string; fromId: bigint }> = [];
  for (const row of [...rows.map((r) => ({ month: r.month, fromId: BigInt(r.first_id) })), { month: current.month, fromId: BigInt(current.next_id) }]) {
    const last = starts.at(-1);
    // Ids follow ingestion only roughly (concurrent writers): a month that does not start after the one before it joins it.
    if (last && (row.month <= last.month || row.fromId <= last.fromId)) continue;
    starts.push(row);
  }
  const next = nextMonth(starts.at(-1)!.month);
  if (monthBase(next) > starts.at(-1)!.fromId) starts.push({ month: next, fromId: monthBase(next) });
  return starts.map((s, i) => ({
    month: s.month,
    table: `posts_y${s.month.replace('-', 'm')}`,
    fromId: i === 0 ? null : String(s.fromId),
    toId: String(starts[i + 1]?.fromId ?? monthBase(nextMonth(s.month))),
  }));
}
