import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  analyzePost,
  compileAnalyzer,
  DEFAULT_MODEL_FILE,
  FEATURE_SIGNS,
  MODEL_FEATURES,
  modelEvidence,
  modelOf,
  readModelFile,
  readTrainingFile,
  serializeModel,
  threatProbability,
  toThreatModel,
  trainLogistic,
  trainModel,
} from '../../../src/analysis/index.js';
import { PlacewatchError } from '../../../src/errors.js';
import { shippedAnalyzer } from './analyzer-fixture.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const TRAINING = path.resolve(here, '../../../models/training/threat-examples.jsonl');
const dir = mkdtempSync(path.join(tmpdir(), 'placewatch-model-'));

function train(date: string) {
  const { config } = shippedAnalyzer();
  const { rows, source } = readTrainingFile(TRAINING, 'threat-examples.jsonl');
  const analyzer = compileAnalyzer(config, { model: null });
  return trainModel(rows.slice(0, 300), analyzer, { date, sources: [source], threshold: 0.2 });
}

describe('model training', () => {
  it('writes byte-identical model files for the same data and date', () => {
    const a = serializeModel(train('2026-01-02').model);
    const b = serializeModel(train('2026-01-02').model);
    expect(a).toBe(b);
    expect(JSON.parse(a).version).toMatch(/^tm-20260102-[0-9a-f]{12}$/);
  });

  it('versions by content: another date changes only the date part', () => {
    const a = train('2026-01-02').model.version;
    const b = train('2026-03-04').model.version;
    expect(a.slice(-12)).toBe(b.slice(-12));
    expect(b.startsWith('tm-20260304-')).toBe(true);
  });
});

describe('model loading', () => {
  const write = (name: string, body: string): string => {
    const p = path.join(dir, name);
    writeFileSync(p, body);
    return p;
  };
  const shipped = readFileSync(DEFAULT_MODEL_FILE, 'utf8');

  it('names a missing model file', () => {
    const p = path.join(dir, 'absent.json');
    expect(() => readModelFile(p)).toThrow(PlacewatchError);
    expect(() => readModelFile(p)).toThrow(/absent\.json: model file not found/);
  });

  it('names the file of bad JSON, a bad shape and another feature layout', () => {
    expect(() => readModelFile(write('bad.json', '{oops'))).toThrow(/bad\.json: model file is not valid JSON/);
    expect(() => readModelFile(write('shape.json', '{"format":"x"}'))).toThrow(/shape\.json: invalid model file/);
    const other = JSON.parse(shipped);
    other.features = [...other.features.slice(1), 'something_else'];
    expect(() => readModelFile(write('layout.json', JSON.stringify(other)))).toThrow(/layout\.json: model was trained for another feature layout/);
  });

  it('refuses a model whose content no longer matches its version', () => {
    const edited = JSON.parse(shipped);
    edited.weights[0] += 1;
    expect(() => readModelFile(write('edited.json', JSON.stringify(edited)))).toThrow(/edited\.json: model content does not match its version/);
  });

  it('loads the model the config names at compile time, and fails naming it when absent', () => {
    const { config } = shippedAnalyzer();
    const missing = { ...config, thresholds: { ...config.thresholds, model: { file: 'nowhere/model.json', weight: 1 } } };
    expect(() => compileAnalyzer(missing)).toThrow(/nowhere\/model\.json: model file not found/);
    const rulesOnly = { ...config, thresholds: { ...config.thresholds, model: { file: null, weight: 1 } } };
    expect(compileAnalyzer(rulesOnly).modelVersion).toBe('rules-1');
  });

  it('reports the shipped model version in every analysis', () => {
    const { analyzer } = shippedAnalyzer();
    const version = readModelFile(DEFAULT_MODEL_FILE).version;
    expect(analyzePost({ text: 'We will slaughter the people of Saraqib' }, analyzer).modelVersion).toBe(version);
  });
});

describe('model scores', () => {
  const model = toThreatModel(readModelFile(DEFAULT_MODEL_FILE));
  const base = (): Float64Array => {
    const x = new Float64Array(MODEL_FEATURES.length);
    x[MODEL_FEATURES.indexOf('has_signal')] = 1;
    x[MODEL_FEATURES.indexOf('phrase_weight')] = 0.6;
    x[MODEL_FEATURES.indexOf('rule_score')] = 0.5;
    return x;
  };

  it('are monotone in the model evidence (Platt slope positive)', () => {
    expect(model.a).toBeGreaterThan(0);
    const x = base();
    let last = -Infinity;
    for (let z = -6; z <= 6; z += 0.5) {
      const m = { ...model, bias: model.bias + z - modelEvidence(model, x) };
      const p = threatProbability(m, x);
      expect(p).toBeGreaterThanOrEqual(last);
      last = p;
    }
  });

  it('never fall when rule score or threat-like text rise, never rise with stronger damping', () => {
    const probe = (name: string, values: number[]): number[] =>
      values.map((v) => {
        const x = base();
        x[MODEL_FEATURES.indexOf(name)] = v;
        return threatProbability(model, x);
      });
    const nonDecreasing = (ps: number[]) => ps.every((p, i) => i === 0 || p >= ps[i - 1]!);
    expect(nonDecreasing(probe('rule_score', [0, 0.25, 0.5, 0.75, 1]))).toBe(true);
    expect(nonDecreasing(probe('text_evidence', [-1, -0.5, 0, 0.5, 1]))).toBe(true);
    expect(nonDecreasing(probe('damping_counter_speech', [1, 0.8, 0.5, 0]))).toBe(true);
  });

  it('keeps the sign constraints while training', () => {
    // Data that would push the first weight negative and the second positive; signs forbid both.
    const xs = [[1, 0], [0, 1], [1, 0], [0, 1]];
    const ys = [0, 1, 0, 1];
    const fit = trainLogistic(xs, ys, { signs: [1, -1], iterations: 500 });
    expect(fit.weights[0]).toBeGreaterThanOrEqual(0);
    expect(fit.weights[1]).toBeLessThanOrEqual(0);
    expect(FEATURE_SIGNS[MODEL_FEATURES.indexOf('rule_score')]).toBe(1);
  });

  it('score real posts: a direct threat above the alert cut, a quoted one below', () => {
    const { analyzer, config } = shippedAnalyzer();
    expect(modelOf(analyzer)).toBeDefined();
    const threat = analyzePost({ text: 'We will slaughter the people of Saraqib' }, analyzer);
    const quoted = analyzePost({ text: 'I condemn whoever wrote "we will slaughter the people of Saraqib"' }, analyzer);
    expect(threat.score).toBeGreaterThanOrEqual(config.thresholds.severity.low);
    expect(quoted.score).toBeLessThan(threat.score);
  });
});
