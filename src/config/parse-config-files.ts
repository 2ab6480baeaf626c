import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { errorMessage, PlacewatchError } from '../errors.js';
import { crossCheck } from './cross-check.js';
import { formatIssues } from './format-issues.js';
import { cachedYamlValue, storeYamlValue } from './parsed-yaml-cache.js';
import { feedsFileSchema } from './schema/feeds.js';
import { lexiconFileSchema, type LexiconFile } from './schema/lexicon.js';
import { modifiersFileSchema } from './schema/modifiers.js';
import { placesFileSchema } from './schema/places.js';
import { retentionFileSchema } from './schema/retention.js';
import { routesFileSchema } from './schema/routes.js';
import { thresholdsFileSchema } from './schema/thresholds.js';
import type { ConfigContent, ConfigFiles } from './config-types.js';

export type { ConfigFiles };

/**
 * Parses and validates a config given as YAML texts (a directory read from disk, or files uploaded
 * for import). Throws one CONFIG_INVALID error listing every problem as `label/file: path: reason`.
 * `cached`: the texts' parsed values may come from and go to the parsed-YAML cache (a config
 * directory; never uploads, which would leave files of anyone's text on disk).
 */
export function parseConfigFiles(files: ConfigFiles, label: string, context: Record<string, unknown> = {}, options: { cached?: boolean } = {}): ConfigContent {
  const problems: string[] = [];
  const read = <S extends z.ZodType>(file: string, schema: S, required: boolean): z.infer<S> | undefined =>
    readYaml(files, label, file, schema, required, problems, options.cached ?? false);

  const places = read('places.yaml', placesFileSchema, true);
  const modifiers = read('modifiers.yaml', modifiersFileSchema, false) ?? { cues: [] };
  const thresholds = read('thresholds.yaml', thresholdsFileSchema, false) ?? thresholdsFileSchema.parse({});
  const feeds = read('feeds.yaml', feedsFileSchema, false) ?? { feeds: [], accounts: [] };
  const routes = read('routes.yaml', routesFileSchema, false) ?? { routes: [] };
  const retention = read('retention.yaml', retentionFileSchema, false);
  const lexiconNames = Object.keys(files)
    .filter((name) => /^lexicon\/[^/]+\.ya?ml$/.test(name))
    .sort();
  const lexicons = lexiconNames.map((file) => read(file, lexiconFileSchema, true));

  if (problems.length === 0 && places) {
    problems.push(...crossCheck(label, { places, routes, feeds }));
  }
  if (problems.length > 0 || !places) {
    throw new PlacewatchError('CONFIG_INVALID', problems.join('\n'), { ...context, problems });
  }
  return {
    places,
    lexicons: lexicons as LexiconFile[],
    modifiers,
    thresholds,
    feeds,
    routes,
    ...(retention ? { retention } : {}),
  };
}

function readYaml<S extends z.ZodType>(
  files: ConfigFiles,
  label: string,
  file: string,
  schema: S,
  required: boolean,
  problems: string[],
  cached: boolean,
): z.infer<S> | undefined {
  const shown = path.join(label, file);
  const text = files[file] ?? files[file.replace(/\.yaml$/, '.yml')];
  if (text === undefined) {
    if (required) problems.push(`${shown}: file not found`);
    return undefined;
  }
  const value = (cached ? cachedYamlValue(text) : undefined) ?? parseYaml(text, shown, problems, cached);
  if (value === undefined) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) {
    problems.push(...formatIssues(shown, result.error));
    return undefined;
  }
  return result.data;
}

/** The YAML text's value (an empty document's is {}), or undefined with its errors in `problems`. */
function parseYaml(text: string, shown: string, problems: string[], cache: boolean): unknown {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const line = error.linePos?.[0];
      const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      problems.push(`${shown}${line ? `:${line.line}:${line.col}` : ''}: ${reason}`);
    }
    return undefined;
  }
  let value: unknown;
  try {
    // toJS refuses aliases that expand too far (a "billion laughs" bomb) by throwing.
    value = document.toJS() ?? {};
  } catch (error) {
    problems.push(`${shown}: ${errorMessage(error)}`);
    return undefined;
  }
  if (cache) storeYamlValue(text, value);
  return value;
}
