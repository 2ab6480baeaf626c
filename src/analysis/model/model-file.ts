import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { PlacewatchError } from '../../errors.js';
import { MODEL_FEATURES } from './model-features.js';

/** The format tag of model files this code reads and writes. */
export const MODEL_FORMAT = 'placewatch-threat-model/1';

/** The JSON model file `placewatch model train` writes and `compileAnalyzer` loads. */
export const modelFileSchema = z
  .object({
    format: z.literal(MODEL_FORMAT),
    /** `tm-<trained_at without dashes>-<first 12 hex of sha256 of the content>`. */
    version: z.string().regex(/^tm-\d{8}-[0-9a-f]{12}$/),
    trained_at: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    features: z.array(z.string()),
    bias: z.number(),
    weights: z.array(z.number()),
    calibration: z.object({ method: z.literal('platt'), a: z.number().positive(), b: z.number() }).strict(),
    text: z
      .object({
        stemmer: z.literal('porter'),
        clip: z.number().positive(),
        log_odds: z.record(z.string(), z.number()),
      })
      .strict(),
    training: z.record(z.string(), z.unknown()),
  })
  .strict();
export type ModelFile = z.infer<typeof modelFileSchema>;

/** A model file's content without its version, as training produces it. */
export type ModelBody = Omit<ModelFile, 'version'>;

/** The content hash part of a version: everything but the version and the training date. */
export function contentHash(body: ModelBody): string {
  const { trained_at: _date, ...content } = body;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 12);
}

/** Stamps a model body with its version (training date + content hash). */
export function versionModel(body: ModelBody): ModelFile {
  const version = `tm-${body.trained_at.replaceAll('-', '')}-${contentHash(body)}`;
  const { format, trained_at, ...rest } = body;
  return { format, version, trained_at, ...rest };
}

/** The model file's text: stable key order and layout, so the same model is the same bytes. */
export function serializeModel(model: ModelFile): string {
  return `${JSON.stringify(model, null, 1)}\n`;
}

/**
 * Reads and checks a model file. A missing file is NOT_FOUND, anything else wrong (bad JSON, bad
 * shape, a feature layout this code does not compute, content that does not match its version) is
 * CONFIG_INVALID; every message names the file and says how to fix it.
 */
export function readModelFile(file: string): ModelFile {
  const retrain = 'run `placewatch model train` to rebuild it';
  if (!existsSync(file)) throw new PlacewatchError('NOT_FOUND', `${file}: model file not found (${retrain}, or set model.file in thresholds.yaml)`, { file });
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PlacewatchError('CONFIG_INVALID', `${file}: model file is not valid JSON (${(error as Error).message}); ${retrain}`, { file });
  }
  const parsed = modelFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PlacewatchError('CONFIG_INVALID', `${file}: invalid model file: ${issue.path.join('.') || 'file'}: ${issue.message}; ${retrain}`, { file });
  }
  const model = parsed.data;
  if (model.features.join(',') !== MODEL_FEATURES.join(',') || model.weights.length !== MODEL_FEATURES.length) {
    throw new PlacewatchError('CONFIG_INVALID', `${file}: model was trained for another feature layout; ${retrain}`, { file });
  }
  const { version, ...body } = model;
  if (!version.endsWith(`-${contentHash(body)}`)) {
    throw new PlacewatchError('CONFIG_INVALID', `${file}: model content does not match its version ${version} (edited by hand?); ${retrain}`, { file });
  }
  return model;
}
