import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { PlacewatchError } from '../errors.js';

/** One labelled row of an eval dataset (extra fields are kept but not needed). */
export const evalRowSchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    text: z.string(),
    lang: z.string().nullish(),
    label: z.enum(['threat', 'not_threat']),
    functionality_or_source_label: z.string().nullish(),
    contrast_of: z.string().nullish(),
    // Scenario-set fields (see shared/datasets/scenarios/README.md); other sets leave them out.
    target_place: z.string().nullish(),
    category: z.string().nullish(),
    phenomena: z.array(z.string()).nullish(),
  })
  .passthrough();
export type EvalRow = z.infer<typeof evalRowSchema>;

/**
 * Reads a JSONL dataset; a missing file is NOT_FOUND, a bad line INPUT_INVALID naming file and line.
 * Blank lines are skipped.
 */
export function readDataset(file: string): EvalRow[] {
  if (!existsSync(file)) throw new PlacewatchError('NOT_FOUND', `${file}: dataset file not found`, { file });
  const rows: EvalRow[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const lineNo = index + 1;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new PlacewatchError('INPUT_INVALID', `${file}:${lineNo}: bad JSON (${(error as Error).message})`, { file, line: lineNo });
    }
    const parsed = evalRowSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new PlacewatchError('INPUT_INVALID', `${file}:${lineNo}: ${issue.path.join('.') || 'row'}: ${issue.message}`, { file, line: lineNo });
    }
    rows.push(parsed.data);
  });
  return rows;
}
