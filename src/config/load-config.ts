import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PlacewatchError } from '../errors.js';
import { parseConfigFiles, type ConfigFiles } from './parse-config-files.js';
import type { FeedsFile } from './schema/feeds.js';
import type { LexiconFile } from './schema/lexicon.js';
import type { ModifiersFile } from './schema/modifiers.js';
import type { PlacesFile } from './schema/places.js';
import type { RetentionFile } from './schema/retention.js';
import type { RoutesFile } from './schema/routes.js';
import type { ThresholdsFile } from './schema/thresholds.js';

/** Everything under `config/`, validated; `version` is what scores record. */
export interface PlacewatchConfig {
  readonly dir: string;
  /**
   * A content hash for config read from files; the version number ("7") for a version read from
   * Postgres, which is what running workers score with.
   */
  readonly version: string;
  readonly places: PlacesFile;
  readonly lexicons: readonly LexiconFile[];
  readonly modifiers: ModifiersFile;
  readonly thresholds: ThresholdsFile;
  readonly feeds: FeedsFile;
  readonly routes: RoutesFile;
  /** Retention windows (retention.yaml); absent means the defaults. */
  readonly retention?: RetentionFile;
}

/** The part of the config the analyzer depends on (hashing it tells whether scores may change). */
export type AnalysisConfig = Pick<PlacewatchConfig, 'places' | 'lexicons' | 'modifiers' | 'thresholds'>;

/** The config directory from `--config`, `PLACEWATCH_CONFIG`, or `./config`. */
export function resolveConfigDir(flag?: string): string {
  return path.resolve(flag ?? process.env.PLACEWATCH_CONFIG ?? 'config');
}

/**
 * Loads and validates every config file; throws one CONFIG_INVALID error whose message lists each
 * problem as `config/places.yaml: places[3].aliases.ar[0]: expected string`.
 */
export function loadConfig(dir: string): PlacewatchConfig {
  const body = parseConfigFiles(readConfigDir(dir), displayName(dir), { dir });
  return { dir, version: hashConfig(body), ...body };
}

/** The YAML files of a config directory by relative path (`places.yaml`, `lexicon/en.yaml`). */
export function readConfigDir(dir: string): ConfigFiles {
  if (!existsSync(dir)) {
    throw new PlacewatchError('CONFIG_INVALID', `${dir}: config directory not found`, { dir });
  }
  const files: Record<string, string> = {};
  for (const name of listYaml(dir)) files[name] = readFileSync(path.join(dir, name), 'utf8');
  for (const name of listYaml(path.join(dir, 'lexicon'))) files[`lexicon/${name}`] = readFileSync(path.join(dir, 'lexicon', name), 'utf8');
  return files;
}

/** A short stable hash of the analysis-relevant config. */
export function hashConfig(config: AnalysisConfig): string {
  const json = JSON.stringify([config.places, config.lexicons, config.modifiers, config.thresholds]);
  return createHash('sha256').update(json).digest('hex').slice(0, 12);
}

function listYaml(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort();
}

/** Paths in messages are relative to the working directory when they can be. */
function displayName(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith('..') ? relative : dir;
}
