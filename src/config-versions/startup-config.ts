import type { Kysely } from 'kysely';
import { contentHash, contentOf, type PlacewatchConfig } from '../config/index.js';
import type { Database } from '../db/index.js';
import { PlacewatchError } from '../errors.js';
// pino's type, not runtime's re-export: runtime builds on config-versions, so this module must not import it back.
import type { Logger } from 'pino';
import { findActiveVersionId, findVersionIdByHash } from './config-version-repository.js';
import { activateVersion, createVersion, loadVersionConfig, type ReloadAnnouncer } from './config-versions.js';

/**
 * What a process does with `config/` when its YAML is not a version Postgres knows:
 * - `activate` (default): store it as a new version and activate it when it validates — deploying a
 *   changed config/ directory (config as code) takes effect, recorded like any other activation;
 * - `draft`: store it as an inactive version for an operator to review, backtest and activate;
 * - `off`: ignore the files; Postgres alone decides.
 * YAML whose hash Postgres already knows changes nothing: the active version stays, so edits made
 * in the UI survive restarts and a rollback is not undone by the next deploy of the same files.
 */
export type ConfigSyncMode = 'activate' | 'draft' | 'off';

/**
 * The config a process starts with: the ACTIVE version in Postgres. With no version at all (first
 * start) `config/` is seeded as version 1 and activated; otherwise `config/` is synced per `mode`.
 */
export async function resolveStartupConfig(
  db: Kysely<Database>,
  yaml: PlacewatchConfig,
  options: { mode: ConfigSyncMode; logger: Logger; announce?: ReloadAnnouncer | null },
): Promise<{ config: PlacewatchConfig; versionId: number }> {
  const { logger } = options;
  let activeId = await findActiveVersionId(db);
  if (activeId === undefined) {
    const draft = await createVersion(db, {
      content: contentOf(yaml),
      author: 'placewatch',
      comment: `seeded from ${yaml.dir}`,
      parentId: null,
      source: 'yaml',
    });
    if (!draft.validation.ok) throw invalidYaml(yaml.dir, draft.validation.errors);
    // Concurrent first starts race here; the activation lock makes the second one a no-op.
    if ((await findActiveVersionId(db)) === undefined) await activateVersion(db, draft.id, { actor: 'placewatch', action: 'seed' });
    activeId = (await findActiveVersionId(db))!;
    logger.info({ version: activeId }, 'config seeded from YAML');
  } else if (options.mode !== 'off' && (await findVersionIdByHash(db, contentHash(yaml))) === undefined) {
    const draft = await createVersion(db, {
      content: contentOf(yaml),
      author: 'placewatch',
      comment: `${yaml.dir} changed on disk`,
      parentId: activeId,
      source: 'yaml',
    });
    if (options.mode === 'activate' && draft.validation.ok) {
      await activateVersion(db, draft.id, { actor: 'placewatch', action: 'sync', announce: options.announce ?? null });
      activeId = draft.id;
      logger.info({ version: draft.id }, 'config/ changed on disk: stored and activated as a new version');
    } else if (!draft.validation.ok) {
      logger.error(
        { version: draft.id, errors: draft.validation.errors.map((e) => `${e.where}: ${e.message}`) },
        'config/ changed on disk but does not validate; staying on the active version',
      );
    } else {
      logger.warn({ version: draft.id, active: activeId }, 'config/ changed on disk: stored as a draft version');
    }
  }
  return { config: await loadVersionConfig(db, activeId, yaml.dir), versionId: activeId };
}

function invalidYaml(dir: string, errors: ReadonlyArray<{ where: string; message: string }>): PlacewatchError {
  const lines = errors.map((e) => `${dir}: ${e.where}: ${e.message}`);
  return new PlacewatchError('CONFIG_INVALID', lines.join('\n'), { dir, problems: lines });
}
