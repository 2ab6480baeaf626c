import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { applyEdits, type ConfigEdit } from './config-edits.js';
import type { VersionSource } from './config-version-repository.js';
import { createVersion, loadVersionContent, type StoredDraft } from './config-versions.js';

/** Applies edits to version `baseId` and stores the result as a new draft whose parent is the base. */
export async function editVersion(
  db: Kysely<Database>,
  baseId: number,
  edits: readonly ConfigEdit[],
  options: { author: string; comment?: string | null; source: VersionSource },
): Promise<StoredDraft> {
  const base = await loadVersionContent(db, baseId);
  return createVersion(db, {
    content: applyEdits(base, edits),
    author: options.author,
    comment: options.comment ?? null,
    parentId: baseId,
    source: options.source,
  });
}
