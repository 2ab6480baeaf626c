import type { Kysely } from 'kysely';
import { compileAnalyzer } from '../analysis/index.js';
import type { PlacewatchConfig } from '../config/index.js';
import type { Database } from '../db/index.js';
import { PlacewatchError } from '../errors.js';
import type { ActiveConfig } from './active-config.js';
import { findActiveVersionId } from './config-version-repository.js';
import { loadVersionConfig } from './config-versions.js';

/** Compiles a config for a backtest or a "try a text" run, without touching what workers use. */
export function compileDraft(config: PlacewatchConfig): ActiveConfig {
  return { config, analyzer: compileAnalyzer(config) };
}

/** The active version, compiled, as the baseline of a backtest. */
export async function activeSide(db: Kysely<Database>, configDir: string): Promise<ActiveConfig> {
  const id = await findActiveVersionId(db);
  if (id === undefined)
    throw new PlacewatchError('NOT_FOUND', 'no active config version yet: start placewatch once, or run `placewatch config import DIR` and activate it');
  return compileDraft(await loadVersionConfig(db, id, configDir));
}
