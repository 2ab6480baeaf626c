import { sql, type Selectable, type Transaction } from 'kysely';
import type { ConfigContent } from '../config/index.js';
import type { ConfigVersionsTable, Database, Db } from '../db/index.js';

/** A stored version's metadata (content is fetched separately: it can be large). */
export interface VersionSummary {
  readonly id: number;
  readonly hash: string;
  readonly author: string;
  readonly comment: string | null;
  readonly parentId: number | null;
  readonly active: boolean;
  readonly source: string;
  readonly createdAt: Date;
  readonly activatedAt: Date | null;
  readonly validation: Record<string, unknown> | null;
}

/** A version with its content. */
export interface StoredVersion extends VersionSummary {
  readonly content: unknown;
}

/** Where versions come from: the YAML directory, an import, the UI's editors, or the JSON API. */
export type VersionSource = 'yaml' | 'import' | 'ui' | 'api';

const SUMMARY_COLUMNS = ['id', 'version', 'author', 'comment', 'parent_id', 'active', 'source', 'created_at', 'activated_at', 'validation'] as const;

type SummaryRow = Pick<Selectable<ConfigVersionsTable>, (typeof SUMMARY_COLUMNS)[number]>;

function toSummary(row: SummaryRow): VersionSummary {
  return {
    id: row.id,
    hash: row.version,
    author: row.author,
    comment: row.comment,
    parentId: row.parent_id,
    active: row.active,
    source: row.source,
    createdAt: new Date(row.created_at),
    activatedAt: row.activated_at ? new Date(row.activated_at) : null,
    validation: row.validation,
  };
}

/**
 * Stores content as a new version, or finds the version that already holds exactly this content
 * (the content hash is unique: importing the same YAML twice, or editing back to an older state,
 * gives the existing version instead of a copy). `created` tells which.
 */
export async function insertVersion(
  db: Db,
  input: {
    content: ConfigContent;
    hash: string;
    author: string;
    comment: string | null;
    parentId: number | null;
    source: VersionSource;
    validation: Record<string, unknown>;
  },
): Promise<{ id: number; created: boolean }> {
  const inserted = await db
    .insertInto('config_versions')
    .values({
      version: input.hash,
      content: JSON.stringify(input.content),
      author: input.author,
      comment: input.comment,
      parent_id: input.parentId,
      source: input.source,
      validation: JSON.stringify(input.validation),
    })
    // Guards concurrent seeding (several workers starting on the same new YAML) and re-imports.
    .onConflict((oc) => oc.column('version').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await db.selectFrom('config_versions').select('id').where('version', '=', input.hash).executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

/** Versions, newest first. */
export async function listVersions(db: Db, limit = 100): Promise<VersionSummary[]> {
  const rows = await db.selectFrom('config_versions').select(SUMMARY_COLUMNS).orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toSummary);
}

/** One version with its content, or undefined. */
export async function findVersion(db: Db, id: number): Promise<StoredVersion | undefined> {
  const row = await db
    .selectFrom('config_versions')
    .select([...SUMMARY_COLUMNS, 'content'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { ...toSummary(row), content: row.content } : undefined;
}

/** The version whose content has this hash, or undefined. */
export async function findVersionIdByHash(db: Db, hash: string): Promise<number | undefined> {
  const row = await db.selectFrom('config_versions').select('id').where('version', '=', hash).executeTakeFirst();
  return row?.id;
}

/** The active version's id, or undefined before the first seed. */
export async function findActiveVersionId(db: Db): Promise<number | undefined> {
  const row = await db.selectFrom('config_versions').select('id').where('active', '=', true).executeTakeFirst();
  return row?.id;
}

/**
 * Makes `id` the one active version and records the step. Serialised by an advisory lock so two
 * activations never interleave; the partial unique index guarantees at most one active row anyway.
 */
export async function setActiveVersion(tx: Transaction<Database>, id: number, actor: string, action: string): Promise<{ previousId: number | null }> {
  await sql`select pg_advisory_xact_lock(hashtext('placewatch:config-activation'))`.execute(tx);
  const previous = await findActiveVersionId(tx);
  if (previous !== id) {
    await tx.updateTable('config_versions').set({ active: false }).where('active', '=', true).execute();
    await tx.updateTable('config_versions').set({ active: true, activated_at: new Date() }).where('id', '=', id).execute();
  }
  await tx
    .insertInto('config_activations')
    .values({ version_id: id, previous_id: previous ?? null, actor, action })
    .execute();
  return { previousId: previous ?? null };
}

/**
 * The version that was active before the current one took over: the `previous_id` of the latest
 * activation of the current version. Undefined when there is nothing to go back to.
 */
export async function findRollbackTarget(db: Db): Promise<number | undefined> {
  const current = await findActiveVersionId(db);
  if (current === undefined) return undefined;
  const row = await db
    .selectFrom('config_activations')
    .select('previous_id')
    .where('version_id', '=', current)
    .where('previous_id', 'is not', null)
    .where('previous_id', '!=', current)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.previous_id ?? undefined;
}

/** Records a config action in the audit log (who changed what, with the before/after versions). */
export async function auditConfig(
  db: Db,
  entry: { actor: string; action: string; subjectId: string; before?: Record<string, unknown> | null; after?: Record<string, unknown> | null },
): Promise<void> {
  // Written here rather than through users/audit-log.ts: its subject types are the user module's own.
  await db
    .insertInto('audit_log')
    .values({
      actor: entry.actor,
      action: entry.action,
      subject_type: 'config_version',
      subject_id: entry.subjectId,
      before: entry.before ? JSON.stringify(entry.before) : null,
      after: entry.after ? JSON.stringify(entry.after) : null,
    })
    .execute();
}
