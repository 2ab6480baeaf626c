import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { threatCategorySchema, type ThreatCategory } from '../../config/index.js';
import { PlacewatchError } from '../../errors.js';

/** One labelled training text: `label` (training examples) or `expect` (demo posts) says threat or not. */
const trainingRowSchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    text: z.string(),
    lang: z.string().nullish(),
    label: z.enum(['threat', 'not_threat']).optional(),
    expect: z.enum(['threat', 'not_threat']).optional(),
    /** The place a threat is aimed at (id or name); absent: any place the text names. */
    target_place: z.string().nullish(),
    /** The demo posts' name for target_place. */
    expect_place: z.string().nullish(),
    /** The threat's category; other values (news_report, threat_unmonitored…) train no category. */
    category: z.string().nullish(),
  })
  .passthrough()
  .refine((r) => r.label !== undefined || r.expect !== undefined, { message: 'needs "label" or "expect": "threat" | "not_threat"' });

/** A training row as the trainer uses it. */
export interface TrainingRow {
  readonly id: string;
  readonly text: string;
  readonly lang: string | null;
  readonly threat: boolean;
  readonly targetPlace: string | null;
  readonly category: ThreatCategory | null;
  /** How much the row counts in training (a source's weight). */
  readonly weight: number;
}

/** Where training rows came from, recorded in the model file. */
export interface TrainingSource {
  readonly file: string;
  readonly sha256: string;
  readonly rows: number;
  readonly weight?: number;
}

/** Reads a JSONL training file; errors name the file and line. */
export function readTrainingFile(
  file: string,
  recordedAs = file,
  weight = 1,
  categoryWeights: Readonly<Record<string, number>> = {},
): { rows: TrainingRow[]; source: TrainingSource } {
  if (!existsSync(file)) throw new PlacewatchError('NOT_FOUND', `${file}: training file not found`, { file });
  const body = readFileSync(file, 'utf8');
  const rows: TrainingRow[] = [];
  body.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new PlacewatchError('INPUT_INVALID', `${file}:${index + 1}: bad JSON (${(error as Error).message})`, { file, line: index + 1 });
    }
    const parsed = trainingRowSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new PlacewatchError('INPUT_INVALID', `${file}:${index + 1}: ${issue.path.join('.') || 'row'}: ${issue.message}`, { file, line: index + 1 });
    }
    const r = parsed.data;
    const category = threatCategorySchema.safeParse(r.category);
    rows.push({
      id: r.id,
      text: r.text,
      lang: r.lang ?? null,
      threat: (r.label ?? r.expect) === 'threat',
      targetPlace: r.target_place ?? r.expect_place ?? null,
      category: category.success ? category.data : null,
      weight: weight * (r.category ? (categoryWeights[r.category] ?? 1) : 1),
    });
  });
  const sha256 = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { rows, source: { file: recordedAs, sha256, rows: rows.length, ...(weight === 1 ? {} : { weight }) } };
}
