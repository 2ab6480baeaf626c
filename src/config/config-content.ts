import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { z } from 'zod';
import { PlacewatchError } from '../errors.js';
import { crossCheck } from './cross-check.js';
import { formatPath } from './format-issues.js';
import type { ConfigContent, ConfigFiles, PlacewatchConfig } from './config-types.js';
import { feedsFileSchema } from './schema/feeds.js';
import { lexiconFileSchema } from './schema/lexicon.js';
import { modifiersFileSchema } from './schema/modifiers.js';
import { placesFileSchema } from './schema/places.js';
import { DEFAULT_RETENTION, retentionFileSchema, type RetentionFile } from './schema/retention.js';
import { routesFileSchema } from './schema/routes.js';
import { thresholdsFileSchema } from './schema/thresholds.js';

/** The stored form of a config version (the YAML files, parsed, with defaults filled in). */
export const configContentSchema = z
  .object({
    places: placesFileSchema,
    lexicons: z.array(lexiconFileSchema),
    modifiers: modifiersFileSchema,
    thresholds: thresholdsFileSchema,
    feeds: feedsFileSchema,
    routes: routesFileSchema,
    retention: retentionFileSchema.optional(),
  })
  .strict();

/**
 * Validates content from Postgres or an API body with the same schemas as the YAML files; throws
 * CONFIG_INVALID with lines like `version 7: places.yaml: places[2].aliases.en[0]: expected string`.
 */
export function parseConfigContent(raw: unknown, label: string): ConfigContent {
  const result = configContentSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${label}: ${describeContentPath(raw, issue.path)}: ${issue.message}`);
    throw new PlacewatchError('CONFIG_INVALID', lines.join('\n'), { label, problems: lines });
  }
  const content = result.data as ConfigContent;
  const problems = crossCheck(label, content);
  if (problems.length > 0) throw new PlacewatchError('CONFIG_INVALID', problems.join('\n'), { label, problems });
  return content;
}

/** Names a content path the way operators know it: `lexicon/ar.yaml: phrases[3].weight`. */
export function describeContentPath(content: unknown, path: readonly PropertyKey[]): string {
  const [top, ...rest] = path;
  if (top === 'lexicons' && typeof rest[0] === 'number') {
    const language = (content as { lexicons?: Array<{ language?: string }> })?.lexicons?.[rest[0]]?.language ?? String(rest[0]);
    const inner = formatPath(rest.slice(1));
    return `lexicon/${language}.yaml${inner ? `: ${inner}` : ''}`;
  }
  if (typeof top === 'string') {
    const inner = formatPath(rest);
    return `${top}.yaml${inner ? `: ${inner}` : ''}`;
  }
  return formatPath(path);
}

/** The content of a loaded config. */
export function contentOf(config: ConfigContent): ConfigContent {
  const { places, lexicons, modifiers, thresholds, feeds, routes, retention } = config;
  return { places, lexicons, modifiers, thresholds, feeds, routes, ...(retention ? { retention } : {}) };
}

/** A config ready for the pipeline from stored content; `version` is what scores record. */
export function configFromContent(content: ConfigContent, version: string, dir = `db:${version}`): PlacewatchConfig {
  return { dir, version, ...contentOf(content) };
}

/** The retention windows of a config, defaults filled in. */
export function retentionOf(config: Pick<PlacewatchConfig, 'retention'>): RetentionFile {
  return config.retention ?? DEFAULT_RETENTION;
}

/** JSON with object keys sorted at every level, so equal content always hashes equal (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

/**
 * A stable hash of the whole content (feeds and routes included): equal hash, equal config. The
 * content is parsed once more first: zod fills some nested defaults only when a value is present,
 * so YAML read from disk and the same content read back from Postgres would otherwise differ.
 */
export function contentHash(content: ConfigContent): string {
  const parsed = configContentSchema.safeParse(contentOf(content));
  const normalized = parsed.success ? (parsed.data as ConfigContent) : content;
  return createHash('sha256')
    .update(canonicalJson(contentOf(normalized)))
    .digest('hex')
    .slice(0, 16);
}

/**
 * The content as YAML files (for `config export` and the UI's download): one file per section,
 * one lexicon file per language. Loading the files back gives the same content.
 */
export function contentToFiles(content: ConfigContent): Record<string, string> {
  const header = (name: string) => `# ${name}: exported by placewatch; edit and import with \`placewatch config import DIR\`.\n`;
  const yaml = (value: unknown) => stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
  const files: Record<string, string> = {
    'places.yaml': header('places') + yaml(content.places),
    'modifiers.yaml': header('modifiers') + yaml(content.modifiers),
    'thresholds.yaml': header('thresholds') + yaml(content.thresholds),
    'feeds.yaml': header('feeds') + yaml(content.feeds),
    'routes.yaml': header('routes') + yaml(content.routes),
  };
  if (content.retention) files['retention.yaml'] = header('retention') + yaml(content.retention);
  const used = new Map<string, number>();
  for (const lexicon of content.lexicons) {
    const n = (used.get(lexicon.language) ?? 0) + 1;
    used.set(lexicon.language, n);
    files[`lexicon/${lexicon.language}${n > 1 ? `-${n}` : ''}.yaml`] = header(`lexicon ${lexicon.language}`) + yaml(lexicon);
  }
  return files;
}

export type { ConfigContent, ConfigFiles };
