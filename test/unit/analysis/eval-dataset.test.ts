import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataset, runEval } from '../../../src/eval/index.js';
import { PlacewatchError } from '../../../src/errors.js';
import { shippedAnalyzer } from './analyzer-fixture.js';

const dir = mkdtempSync(path.join(tmpdir(), 'placewatch-eval-'));
const file = (name: string, body: string): string => {
  const p = path.join(dir, name);
  writeFileSync(p, body);
  return p;
};

describe('eval datasets', () => {
  it('names the file when it is missing', () => {
    expect(() => readDataset(path.join(dir, 'nope.jsonl'))).toThrow(PlacewatchError);
    expect(() => readDataset(path.join(dir, 'nope.jsonl'))).toThrow(/nope\.jsonl/);
  });

  it('names the file and line of a bad JSON line', () => {
    const p = file('bad.jsonl', '{"id":"1","text":"x","label":"threat"}\n{oops\n');
    expect(() => readDataset(p)).toThrow(/bad\.jsonl:2: bad JSON/);
  });

  it('computes precision, recall and flag rates, and predicts "threat" only for alerts', () => {
    const p = file(
      'ok.jsonl',
      [
        { id: 'a', text: 'We will slaughter the people of Saraqib', lang: 'en', label: 'threat' },
        { id: 'b', text: 'I would never hurt the people of Saraqib', lang: 'en', label: 'not_threat', contrast_of: 'threat' },
        { id: 'c', text: 'I love the people of Saraqib', lang: 'en', label: 'not_threat' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const { config, analyzer } = shippedAnalyzer();
    const { metrics, items } = runEval(readDataset(p), analyzer, config.thresholds);
    expect(items.map((i) => i.predicted)).toEqual(['threat', 'not_threat', 'not_threat']);
    expect(items[0]!.target_places).toEqual(['saraqib']);
    expect(metrics.overall).toMatchObject({ tp: 1, fp: 0, fn: 0, tn: 2, recall: 1, precision: 1 });
    expect(metrics.flag_rates.en!.contrast_of_threat).toEqual({ flagged: 0, n: 1, rate: 0 });
  });
});
