import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readDataset, runEval } from '../../../src/eval/index.js';
import { shippedAnalyzer } from './analyzer-fixture.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DATASET = path.resolve(here, '../../../../shared/datasets/placed-hatecheck/dev.jsonl');
const present = existsSync(DATASET);
if (!present && process.env.CI !== 'true') {
  console.warn(`quality-bar: ${DATASET} not found; skipping (set CI=true to make this a failure)`);
}

describe.skipIf(!present && process.env.CI !== 'true')('quality bar on placed-hatecheck dev with the shipped config', () => {
  it('finds ≥95% of threats and flags ≤10% of threat contrasts and ≤5% of non-threats, in each language', () => {
    expect(present, `${DATASET} is required when CI=true`).toBe(true);
    const { config, analyzer } = shippedAnalyzer();
    const { metrics } = runEval(readDataset(DATASET), analyzer, config.thresholds);
    for (const lang of ['en', 'ar']) {
      expect(metrics.by_language[lang]!.recall, `${lang} recall`).toBeGreaterThanOrEqual(0.95);
      expect(metrics.flag_rates[lang]!.contrast_of_threat.rate, `${lang} contrast flag rate`).toBeLessThanOrEqual(0.1);
      expect(metrics.flag_rates[lang]!.all_non_threats.rate, `${lang} non-threat flag rate`).toBeLessThanOrEqual(0.05);
    }
  });
});
