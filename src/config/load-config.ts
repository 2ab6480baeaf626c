import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { PlacewatchError } from '../errors.js';
import { formatIssues } from './format-issues.js';
import { feedsFileSchema, type FeedsFile } from './schema/feeds.js';
import { lexiconFileSchema, type LexiconFile } from './schema/lexicon.js';
import { modifiersFileSchema, type ModifiersFile } from './schema/modifiers.js';
import { placesFileSchema, type PlacesFile } from './schema/places.js';
import { routesFileSchema, type RoutesFile } from './schema/routes.js';
import { thresholdsFileSchema, type ThresholdsFile } from './schema/thresholds.js';
import { crossCheck } from './cross-check.js';

/** Everything under `config/`, validated; `version` is a content hash that scores record. */
export interface PlacewatchConfig {
  readonly dir: string;
  readonly version: string;
  readonly places: PlacesFile;
  readonly lexicons: readonly LexiconFile[];
  readonly modifiers: ModifiersFile;
  readonly thresholds: ThresholdsFile;
  readonly feeds: FeedsFile;
  readonly routes: RoutesFile;
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
  if (!existsSync(dir)) {
    throw new PlacewatchError('CONFIG_INVALID', `${dir}: config directory not found`, { dir });
  }
  const problems: string[] = [];
  const read = <S extends z.ZodType>(file: string, schema: S, required: boolean): z.infer<S> | undefined =>
    readYamlFile(dir, file, schema, required, problems);

  const places = read('places.yaml', placesFileSchema, true);
  const modifiers = read('modifiers.yaml', modifiersFileSchema, false) ?? { cues: [] };
  const thresholds = read('thresholds.yaml', thresholdsFileSchema, false) ?? thresholdsFileSchema.parse({});
  const feeds = read('feeds.yaml', feedsFileSchema, false) ?? { feeds: [] };
  const routes = read('routes.yaml', routesFileSchema, false) ?? { routes: [] };
  const lexicons = listYaml(path.join(dir, 'lexicon')).map((file) =>
    read(path.join('lexicon', file), lexiconFileSchema, true),
  );

  if (problems.length === 0 && places) {
    problems.push(...crossCheck(displayName(dir), { places, routes, feeds }));
  }
  if (problems.length > 0 || !places) {
    throw new PlacewatchError('CONFIG_INVALID', problems.join('\n'), { dir, problems });
  }
  const body = { places, lexicons: lexicons as LexiconFile[], modifiers, thresholds, feeds, routes };
  return { dir, version: hashConfig(body), ...body };
}

/** A short stable hash of the analysis-relevant config. */
export function hashConfig(config: AnalysisConfig): string {
  const json = JSON.stringify([config.places, config.lexicons, config.modifiers, config.thresholds]);
  return createHash('sha256').update(json).digest('hex').slice(0, 12);
}

function readYamlFile<S extends z.ZodType>(
  dir: string,
  file: string,
  schema: S,
  required: boolean,
  problems: string[],
): z.infer<S> | undefined {
  const fullPath = path.join(dir, file);
  const shown = path.join(displayName(dir), file);
  if (!existsSync(fullPath)) {
    if (required) problems.push(`${shown}: file not found`);
    return undefined;
  }
  const document = parseDocument(readFileSync(fullPath, 'utf8'), { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const line = error.linePos?.[0];
      const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      problems.push(`${shown}${line ? `:${line.line}:${line.col}` : ''}: ${reason}`);
    }
    return undefined;
  }
  const result = schema.safeParse(document.toJS() ?? {});
  if (!result.success) {
    problems.push(...formatIssues(shown, result.error));
    return undefined;
  }
  return result.data;
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
