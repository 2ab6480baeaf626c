import { sql, type Kysely } from 'kysely';

/**
 * Versioned configuration and retention: what each stored version held when checked (validation),
 * the history of activations (so rollback is one step back), and a mark on posts whose content the
 * retention sweep has removed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('config_versions')
    // Where the version came from: yaml (seeded or synced from config/), import, ui, api.
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('yaml'))
    .addColumn('validation', 'jsonb')
    .addColumn('activated_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('config_activations')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('version_id', 'integer', (c) => c.notNull().references('config_versions.id'))
    .addColumn('previous_id', 'integer', (c) => c.references('config_versions.id'))
    .addColumn('actor', 'text', (c) => c.notNull())
    // activate | rollback | seed | sync
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema.alterTable('posts').addColumn('redacted_at', 'timestamptz').execute();
  // The audit log stays append-only, except for the retention sweep: it deletes entries past their
  // window inside a transaction that declares itself (`set local placewatch.retention = 'on'`).
  await sql`
    create function audit_log_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and current_setting('placewatch.retention', true) = 'on' then
        return old;
      end if;
      raise exception 'audit_log is append-only';
    end $$`.execute(db);
  await sql`drop trigger audit_log_no_update on audit_log`.execute(db);
  await sql`
    create trigger audit_log_no_update before update or delete on audit_log
    for each row execute function audit_log_guard()`.execute(db);
  await db.schema.createIndex('audit_log_created_idx').on('audit_log').column('created_at').execute();
  await db.schema.createIndex('alert_events_created_idx').on('alert_events').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('alert_events_created_idx').ifExists().execute();
  await db.schema.dropIndex('audit_log_created_idx').ifExists().execute();
  await sql`drop trigger audit_log_no_update on audit_log`.execute(db);
  await sql`
    create trigger audit_log_no_update before update or delete on audit_log
    for each row execute function alert_events_append_only()`.execute(db);
  await sql`drop function audit_log_guard()`.execute(db);
  await db.schema.alterTable('posts').dropColumn('redacted_at').execute();
  await db.schema.dropTable('config_activations').ifExists().execute();
  await db.schema.alterTable('config_versions').dropColumn('activated_at').dropColumn('validation').dropColumn('source').execute();
}
