import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import { threatCategorySchema } from '../../config/index.js';
import { PlacewatchError } from '../../errors.js';
import { FEATURE_BITS } from './place-features.js';

/** The format tag of model files this code reads and writes. */
export const MODEL_FORMAT = 'placewatch-place-threat-model/2';

/**
 * Weights of a hashed linear model, stored compactly: quantized to 16-bit integers (scale × q),
 * deflated and base64-encoded. A 2^18-bucket model is ~0.5 MB raw, far less deflated, and the same
 * weights always give the same bytes.
 */
const packedWeightsSchema = z.object({ scale: z.number().nonnegative(), count: z.number().int().positive(), data: z.string() }).strict();
export type PackedWeights = z.infer<typeof packedWeightsSchema>;

/** The JSON model file `placewatch model train` writes and `compileAnalyzer` loads. */
export const modelFileSchema = z
  .object({
    format: z.literal(MODEL_FORMAT),
    /** `tm-<trained_at without dashes>-<first 12 hex of sha256 of the content>`. */
    version: z.string().regex(/^tm-\d{8}-[0-9a-f]{12}$/),
    trained_at: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    feature_bits: z.literal(FEATURE_BITS),
    /** P(this place is threatened): logistic regression, Platt-calibrated on out-of-fold scores. */
    threat: z
      .object({
        bias: z.number(),
        weights: packedWeightsSchema,
        calibration: z.object({ method: z.literal('platt'), a: z.number().positive(), b: z.number() }).strict(),
      })
      .strict(),
    /** Which kind of threat it is: softmax over the categories, trained on threats only. */
    category: z
      .object({
        classes: z.array(threatCategorySchema).min(2),
        biases: z.array(z.number()),
        weights: packedWeightsSchema,
      })
      .strict(),
    training: z.record(z.string(), z.unknown()),
  })
  .strict()
  .refine((m) => m.category.biases.length === m.category.classes.length, { message: 'category.biases must have one entry per class' });
export type ModelFile = z.infer<typeof modelFileSchema>;

/** A model file's content without its version, as training produces it. */
export type ModelBody = Omit<ModelFile, 'version'>;

/** Quantizes and packs weights (see {@link PackedWeights}). */
export function packWeights(weights: Float32Array): PackedWeights {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max === 0 ? 0 : max / 32767;
  const q = new Int16Array(weights.length);
  if (scale > 0) for (let i = 0; i < weights.length; i++) q[i] = Math.round(weights[i]! / scale);
  const data = deflateRawSync(Buffer.from(q.buffer, q.byteOffset, q.byteLength), { level: 9 }).toString('base64');
  return { scale: Number(scale.toPrecision(9)), count: weights.length, data };
}

/** Unpacks weights written by {@link packWeights}; a wrong length is an error naming the file. */
export function unpackWeights(packed: PackedWeights, file: string): Float32Array {
  const bytes = inflateRawSync(Buffer.from(packed.data, 'base64'));
  if (bytes.byteLength !== packed.count * 2) {
    throw new PlacewatchError(
      'CONFIG_INVALID',
      `${file}: model weights are damaged (${bytes.byteLength} bytes for ${packed.count} weights); run \`placewatch model train\``,
      { file },
    );
  }
  const q = new Int16Array(bytes.buffer, bytes.byteOffset, packed.count);
  const out = new Float32Array(packed.count);
  for (let i = 0; i < q.length; i++) out[i] = q[i]! * packed.scale;
  return out;
}

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
 * shape, another feature layout, content that does not match its version) is CONFIG_INVALID; every
 * message names the file and says how to fix it.
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
  const { version, ...body } = model;
  if (!version.endsWith(`-${contentHash(body)}`)) {
    throw new PlacewatchError('CONFIG_INVALID', `${file}: model content does not match its version ${version} (edited by hand?); ${retrain}`, { file });
  }
  return model;
}
