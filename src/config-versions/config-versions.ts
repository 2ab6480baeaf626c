import type { Kysely } from 'kysely';
import type { RedisClient } from '../queue/index.js';
import { configFromContent, contentHash, contentOf, parseConfigContent, type ConfigContent, type PlacewatchConfig } from '../config/index.js';
import type { Database } from '../db/index.js';
import { PlacewatchError } from '../errors.js';
import {
  auditConfig,
  findActiveVersionId,
  findRollbackTarget,
  findVersion,
  insertVersion,
  setActiveVersion,
  type StoredVersion,
  type VersionSource,
} from './config-version-repository.js';
import { announceActivation } from './config-reload-channel.js';
import { validateContent, type ValidationReport } from './validate-version.js';

/** Where activations are announced; without it workers still notice within their poll interval. */
export interface ReloadAnnouncer {
  readonly redis: RedisClient;
  readonly prefix: string;
}

export interface NewVersion {
  readonly content: unknown;
  readonly author: string;
  readonly comment?: string | null;
  /** The version this one was derived from; defaults to the active one. */
  readonly parentId?: number | null;
  readonly source: VersionSource;
}

/** The outcome of storing a version: its id, whether it is new, and what validation found. */
export interface StoredDraft {
  readonly id: number;
  readonly created: boolean;
  readonly validation: ValidationReport;
}

/**
 * Validates and stores a version (inactive: a draft). Content the schemas reject is refused with
 * CONFIG_INVALID; content that parses but fails the deeper checks is stored with its findings, so
 * operators can see them, and cannot be activated until fixed.
 */
export async function createVersion(db: Kysely<Database>, input: NewVersion): Promise<StoredDraft> {
  const content = parseConfigContent(input.content, 'draft');
  const validation = validateContent(content, 'draft');
  const parentId = input.parentId === undefined ? ((await findActiveVersionId(db)) ?? null) : input.parentId;
  const stored = await db.transaction().execute(async (tx) => {
    const result = await insertVersion(tx, {
      content: contentOf(content),
      hash: contentHash(content),
      author: input.author,
      comment: input.comment ?? null,
      parentId,
      source: input.source,
      validation: validation as unknown as Record<string, unknown>,
    });
    if (result.created) {
      await auditConfig(tx, {
        actor: input.author,
        action: 'config.create',
        subjectId: String(result.id),
        after: { parent: parentId, comment: input.comment ?? null, source: input.source },
      });
    }
    return result;
  });
  return { ...stored, validation };
}

/** A stored version, or NOT_FOUND. */
export async function requireVersion(db: Kysely<Database>, id: number): Promise<StoredVersion> {
  const version = await findVersion(db, id);
  if (!version) throw new PlacewatchError('NOT_FOUND', `config version ${id} not found`, { id });
  return version;
}

/** A stored version as a pipeline config; `version` is its number, which scores record. */
export async function loadVersionConfig(db: Kysely<Database>, id: number, dir: string): Promise<PlacewatchConfig> {
  const stored = await requireVersion(db, id);
  return configFromContent(parseConfigContent(stored.content, `version ${id}`), String(id), dir);
}

/** The content of a stored version, parsed. */
export async function loadVersionContent(db: Kysely<Database>, id: number): Promise<ConfigContent> {
  return parseConfigContent((await requireVersion(db, id)).content, `version ${id}`);
}

/**
 * Makes a version the active one, after validating it again (the checks may have grown since it
 * was stored), then tells every worker to switch. Refused with CONFIG_INVALID and every reason when
 * it does not validate.
 */
export async function activateVersion(
  db: Kysely<Database>,
  id: number,
  options: { actor: string; action?: 'activate' | 'rollback' | 'sync' | 'seed'; announce?: ReloadAnnouncer | null },
): Promise<{ id: number; previousId: number | null; validation: ValidationReport }> {
  const stored = await requireVersion(db, id);
  const validation = validateContent(stored.content, `version ${id}`);
  if (!validation.ok) {
    const reasons = validation.errors.map((e) => `${e.where}: ${e.message}`);
    throw new PlacewatchError('CONFIG_INVALID', [`version ${id} cannot be activated:`, ...reasons].join('\n'), { id, problems: reasons });
  }
  const action = options.action ?? 'activate';
  const { previousId } = await db.transaction().execute(async (tx) => {
    const result = await setActiveVersion(tx, id, options.actor, action);
    await tx
      .updateTable('config_versions')
      .set({ validation: JSON.stringify(validation) })
      .where('id', '=', id)
      .execute();
    await auditConfig(tx, {
      actor: options.actor,
      action: `config.${action}`,
      subjectId: String(id),
      before: { active: result.previousId },
      after: { active: id },
    });
    return result;
  });
  if (options.announce) await announceActivation(options.announce.redis, options.announce.prefix, id);
  return { id, previousId, validation };
}

/** Goes back to the version that was active before the current one; one action. */
export async function rollbackVersion(
  db: Kysely<Database>,
  options: { actor: string; announce?: ReloadAnnouncer | null },
): Promise<{ id: number; previousId: number | null }> {
  const target = await findRollbackTarget(db);
  if (target === undefined) throw new PlacewatchError('NOT_FOUND', 'nothing to roll back to: the active version has no predecessor');
  return activateVersion(db, target, { actor: options.actor, action: 'rollback', announce: options.announce });
}
