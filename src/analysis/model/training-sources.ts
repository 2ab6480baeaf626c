import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { hashConfig, placeSchema, type AnalysisConfig, type PlaceConfig } from '../../config/index.js';
import { PlacewatchError } from '../../errors.js';
import { readTrainingFile, type TrainingRow, type TrainingSource } from './training-data.js';

/**
 * The training manifest (models/training/sources.yaml): which labelled files the model learns from,
 * how much each counts, and the gazetteer entries their places need. Paths are relative to the
 * repository root; `shared:` paths to the labelled datasets folder beside the repository (../shared,
 * or PLACEWATCH_SHARED_DIR), whose texts are read at training time and never copied into the project.
 */
const manifestSchema = z
  .object({
    sources: z.array(
      z
        .object({
          file: z.string().optional(),
          shared: z.string().optional(),
          weight: z.number().positive().max(10).default(1),
          /** Places the file's texts name that the shipped gazetteer lacks (a YAML list of place entries). */
          places: z.string().optional(),
          /** Weight multipliers for rows of some categories (e.g. fewer ordinary posts than a file holds). */
          category_weights: z.record(z.string(), z.number().min(0).max(10)).optional(),
        })
        .strict()
        .refine((s) => (s.file === undefined) !== (s.shared === undefined), { message: 'give exactly one of file or shared' }),
    ),
  })
  .strict();

/** Everything training reads: rows, where they came from, the extra places, and what was missing. */
export interface TrainingSet {
  readonly rows: TrainingRow[];
  readonly sources: TrainingSource[];
  readonly places: PlaceConfig[];
  /** Shared files that were not there (training goes on without them, and says so). */
  readonly missing: string[];
  /** Files the caller asked to skip, with the weight the manifest gives them (cross-validation trains on their folds). */
  readonly skipped: Array<{ readonly file: string; readonly weight: number }>;
}

/** The labelled datasets folder: PLACEWATCH_SHARED_DIR, else ../shared beside the repository. */
export function sharedDir(root: string): string {
  return process.env.PLACEWATCH_SHARED_DIR ?? path.resolve(root, '../shared');
}

/** Reads the manifest and every file it names; a missing project file is an error, a missing shared one a notice. */
export function readTrainingSet(manifestFile: string, root: string, skip: (file: string) => boolean = () => false): TrainingSet {
  if (!existsSync(manifestFile)) throw new PlacewatchError('NOT_FOUND', `${manifestFile}: training manifest not found`, { file: manifestFile });
  const parsed = manifestSchema.safeParse(parse(readFileSync(manifestFile, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PlacewatchError('CONFIG_INVALID', `${manifestFile}: ${issue.path.join('.')}: ${issue.message}`, { file: manifestFile });
  }
  const shared = sharedDir(root);
  const set: TrainingSet = { rows: [], sources: [], places: [], missing: [], skipped: [] };
  for (const source of parsed.data.sources) {
    const base = source.shared !== undefined ? shared : root;
    const file = path.resolve(base, source.shared ?? source.file!);
    const recordedAs = source.shared !== undefined ? `shared/${source.shared}` : source.file!;
    if (skip(file)) {
      set.skipped.push({ file, weight: source.weight });
      if (source.places) set.places.push(...readPlaceList(path.resolve(base, source.places)));
      continue;
    }
    if (!existsSync(file) && source.shared !== undefined) {
      set.missing.push(recordedAs);
      continue;
    }
    const read = readTrainingFile(file, recordedAs, source.weight, source.category_weights);
    set.rows.push(...read.rows);
    set.sources.push(read.source);
    if (source.places) set.places.push(...readPlaceList(path.resolve(base, source.places)));
  }
  return set;
}

/** A YAML list of place entries (as in places-add files), or a places file's `places:`. */
export function readPlaceList(file: string): PlaceConfig[] {
  if (!existsSync(file)) throw new PlacewatchError('NOT_FOUND', `${file}: places file not found`, { file });
  const doc = parse(readFileSync(file, 'utf8')) as unknown;
  const list = Array.isArray(doc) ? doc : ((doc as { places?: unknown } | null)?.places ?? []);
  const parsed = z.array(placeSchema).safeParse(list);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PlacewatchError('CONFIG_INVALID', `${file}: ${issue.path.join('.')}: ${issue.message}`, { file });
  }
  return parsed.data;
}

/** The config with extra places added to its gazetteer (ids it already has are kept as they are). */
export function withPlaces<C extends AnalysisConfig & { version: string }>(config: C, places: readonly PlaceConfig[]): C {
  const known = new Set(config.places.places.map((p) => p.id));
  const added = places.filter((p) => !known.has(p.id) && (known.add(p.id), true));
  if (added.length === 0) return config;
  const body = { ...config, places: { ...config.places, places: [...config.places.places, ...added] } };
  return { ...body, version: hashConfig(body) };
}
