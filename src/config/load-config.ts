import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PlacewatchError } from '../errors.js';
import type { AnalysisConfig, ConfigFiles, PlacewatchConfig } from './config-types.js';
import { parseConfigFiles } from './parse-config-files.js';

export type { AnalysisConfig, PlacewatchConfig } from './config-types.js';

/** The config directory from `--config`, `PLACEWATCH_CONFIG`, or `./config`. */
export function resolveConfigDir(flag?: string): string {
  return path.resolve(flag ?? process.env.PLACEWATCH_CONFIG ?? 'config');
}

/**
 * Loads and validates every config file; throws one CONFIG_INVALID error whose message lists each
 * problem as `config/places.yaml: places[3].aliases.ar[0]: expected string`.
 */
export function loadConfig(dir: string): PlacewatchConfig {
  const body = parseConfigFiles(readConfigDir(dir), displayName(dir), { dir }, { cached: true });
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
