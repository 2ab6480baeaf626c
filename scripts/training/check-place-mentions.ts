/**
 * Checks that the project's own matcher, loaded with models/training/generated-places.yaml (and the
 * resident frames of config/places.yaml), finds the target place of every generated example.
 * Prints the share found per language and a few misses to fix.
 *
 * Run: npx tsx scripts/training/check-place-mentions.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { analyzePost, compileAnalyzer } from '../../src/analysis/index.js';
import { loadConfig } from '../../src/config/index.js';
import { placesFileSchema } from '../../src/config/schema/places.js';
import type { ExampleRow } from './example-types.js';

const root = process.cwd();
const config = loadConfig(join(root, 'config'));
const invented = placesFileSchema.parse({ ...config.places, places: parse(readFileSync(join(root, 'models/training/generated-places.yaml'), 'utf8')).places });
const analyzer = compileAnalyzer({ ...config, places: invented, version: 'generated-check' });
const rows = readFileSync(join(root, 'models/training/generated-examples.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as ExampleRow);

const found = new Map<string, [number, number]>();
const misses: string[] = [];
for (const row of rows) {
  const analysis = analyzePost({ text: row.text }, analyzer);
  const ok = analysis.places.some((p) => p.placeId === row.target_place);
  const cell = found.get(row.lang) ?? [0, 0];
  found.set(row.lang, [cell[0] + (ok ? 1 : 0), cell[1] + 1]);
  if (!ok && misses.length < 40) misses.push(`${row.id} ${row.lang} ${row.target_place}: ${row.text}`);
}
for (const [lang, [ok, n]] of found) process.stdout.write(`${lang}\t${ok}/${n}\t${((100 * ok) / n).toFixed(1)}%\n`);
process.stdout.write(misses.join('\n') + '\n');
