import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  analyzePost,
  compileAnalyzer,
  DEFAULT_MODEL_FILE,
  PlaceThreatModel,
  readModelFile,
  readTrainingFile,
  scorerOf,
  serializeModel,
  trainModel,
  type CandidateScore,
  type ThreatScorer,
} from '../../../src/analysis/index.js';
import { assembleAnalyzer } from '../../../src/analysis/compile-analyzer.js';
import { packWeights, unpackWeights } from '../../../src/analysis/model/model-file.js';
import { featureIndex, named, prefixState } from '../../../src/analysis/model/place-features.js';
import { hashConfig } from '../../../src/config/index.js';
import { PlacewatchError } from '../../../src/errors.js';
import { shippedAnalyzer } from './analyzer-fixture.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const TRAINING = path.resolve(here, '../../../models/training/threat-examples.jsonl');
const dir = mkdtempSync(path.join(tmpdir(), 'placewatch-model-'));

let trainingAnalyzer: ReturnType<typeof compileAnalyzer> | undefined;

/**
 * The shipped config's analyzer with other scorers (or another model section): the compiled matcher
 * does not depend on them, so the shipped one is reused instead of compiling for seconds again.
 */
function withScorers(config: ReturnType<typeof shippedAnalyzer>['config'], opts: Parameters<typeof assembleAnalyzer>[2] = {}) {
  return assembleAnalyzer(config, shippedAnalyzer().analyzer, opts);
}

/**
 * Trains on 200 rows. Async, and after a turn of the event loop: each step is seconds of synchronous
 * work, and a test worker that runs a minute without a break misses vitest's own calls on a loaded box.
 */
async function train(date: string) {
  await new Promise((resolve) => setImmediate(resolve));
  const { config } = shippedAnalyzer();
  const { rows, source } = readTrainingFile(TRAINING, 'threat-examples.jsonl');
  trainingAnalyzer ??= withScorers(config, { model: null, shadow: null });
  return trainModel(rows.slice(0, 200), trainingAnalyzer, { date, sources: [source], threshold: 0.2 });
}

/** The shipped config with one more monitored place, named only by its gazetteer entry. */
function withAddedPlace() {
  const { config } = shippedAnalyzer();
  const added = {
    id: 'wadi-qamar',
    name: 'Wadi Qamar',
    name_ar: 'وادي قمر',
    kind: 'town' as const,
    monitored: true,
    aliases: { en: ['Wadi Qamar'], ar: ['وادي قمر'], arabizi: ['wadi 2amar'] },
    demonyms: {},
    fuzzy_exclude: [],
  };
  const body = { ...config, places: { ...config.places, places: [...config.places.places, added] } };
  return compileAnalyzer({ ...body, version: hashConfig(body) });
}

describe('model training', () => {
  it('writes byte-identical model files for the same data and date', async () => {
    const a = serializeModel((await train('2026-01-02')).model);
    const b = serializeModel((await train('2026-01-02')).model);
    expect(a).toBe(b);
    expect(JSON.parse(a).version).toMatch(/^tm-20260102-[0-9a-f]{12}$/);
  });

  it('versions by content: another date changes only the date part', async () => {
    const a = (await train('2026-01-02')).model.version;
    const b = (await train('2026-03-04')).model.version;
    expect(a.slice(-12)).toBe(b.slice(-12));
    expect(b.startsWith('tm-20260304-')).toBe(true);
  });

  it('packs weights to 16 bits and back within one quantization step', () => {
    const w = Float32Array.from([0, 1.5, -3, 0.001, 2.75]);
    const back = unpackWeights(packWeights(w), 'test');
    const step = 3 / 32767;
    w.forEach((x, i) => expect(Math.abs(back[i]! - x)).toBeLessThanOrEqual(step));
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
    other.feature_bits = 12;
    expect(() => readModelFile(write('layout.json', JSON.stringify(other)))).toThrow(/layout\.json: invalid model file: feature_bits/);
  });

  it('refuses a model whose content no longer matches its version', () => {
    const edited = JSON.parse(shipped);
    edited.threat.bias += 1;
    expect(() => readModelFile(write('edited.json', JSON.stringify(edited)))).toThrow(/edited\.json: model content does not match its version/);
  });

  it('loads the model the config names at compile time, and fails naming it when absent', () => {
    const { config } = shippedAnalyzer();
    const missing = { ...config, thresholds: { ...config.thresholds, model: { file: 'nowhere/model.json', weight: 1 } } };
    expect(() => withScorers(missing)).toThrow(/nowhere\/model\.json: model file not found/);
    const rulesOnly = { ...config, thresholds: { ...config.thresholds, model: { file: null, weight: 1 } } };
    expect(withScorers(rulesOnly).modelVersion).toBe('rules-1');
  });

  it('reports the shipped model version in every analysis', () => {
    const { analyzer } = shippedAnalyzer();
    const version = readModelFile(DEFAULT_MODEL_FILE).version;
    expect(analyzePost({ text: 'We will slaughter the people of Saraqib' }, analyzer).modelVersion).toBe(version);
  });
});

describe('the scorer seam', () => {
  it('scores with any ThreatScorer passed at compile time', () => {
    const { config } = shippedAnalyzer();
    const constant: ThreatScorer = {
      version: 'constant-1',
      score: (candidates) => candidates.map((): CandidateScore => ({ probability: 0.7, category: 'expulsion' })),
      scorePlaceless: () => ({ probability: 0.7, category: 'expulsion' }),
    };
    const analyzer = withScorers(config, { model: constant, shadow: null });
    const a = analyzePost({ text: 'Lovely weather in Saraqib today' }, analyzer);
    expect(a.modelVersion).toBe('constant-1');
    expect(a.targets).toEqual([expect.objectContaining({ placeId: 'saraqib', score: 0.7, category: 'expulsion', severity: 'high' })]);
  });

  it('keeps the explicit floor for a grave phrase with intent aimed at the place across a comma, whatever a retrained model says', () => {
    const { config } = shippedAnalyzer();
    // Unsure, not sure it is no threat: above the floor's minimum probability, under every cut.
    const unsure: ThreatScorer = {
      version: 'unsure-1',
      score: (candidates) => candidates.map((): CandidateScore => ({ probability: 0.3, category: 'call_to_attack' })),
      scorePlaceless: () => ({ probability: 0.3, category: 'call_to_attack' }),
    };
    const analyzer = withScorers(config, { model: unsure, shadow: null });
    const floor = config.thresholds.severity.explicit_threat!;
    for (const text of ['ya shabab, sarmin lazem nda22ha 2asf el lele', 'sarmin lazem nda22ha 2asf el lele']) {
      expect(analyzePost({ text }, analyzer).targets, text).toEqual([expect.objectContaining({ placeId: 'sarmin', score: floor })]);
    }
    // The same phrase with no intent (a report of last night's shelling) stays the model's.
    expect(analyzePost({ text: 'ya shabab, sarmin nda22et 2asf mbare7 el lele' }, analyzer).targets).toEqual([]);
  });

  it('runs a shadow scorer beside the real one: its scores are recorded, never alerted on', () => {
    const { config, analyzer: plain } = shippedAnalyzer();
    const alarmist: ThreatScorer = {
      version: 'alarmist-1',
      score: (candidates) => candidates.map((): CandidateScore => ({ probability: 0.99, category: 'death_threat' })),
      scorePlaceless: () => ({ probability: 0.99, category: 'death_threat' }),
    };
    const analyzer = withScorers(config, { model: scorerOf(plain)!, shadow: alarmist });
    const text = 'Lovely weather in Saraqib today';
    const a = analyzePost({ text }, analyzer);
    expect(a.shadow).toEqual({ modelVersion: 'alarmist-1', targets: [{ placeId: 'saraqib', score: 0.99, category: 'death_threat' }] });
    expect(a.targets).toEqual(analyzePost({ text }, plain).targets);
    expect(a.targets).toEqual([]);
  });
});

describe('model scores', () => {
  it('are calibrated probabilities from the shipped model', () => {
    const model = PlaceThreatModel.load(DEFAULT_MODEL_FILE);
    const { analyzer } = shippedAnalyzer();
    expect(scorerOf(analyzer)?.version).toBe(model.version);
    const threat = analyzePost({ text: 'We will slaughter the people of Saraqib' }, analyzer);
    const quoted = analyzePost({ text: 'I condemn whoever wrote "we will slaughter the people of Saraqib"' }, analyzer);
    expect(threat.score).toBeGreaterThan(0.7);
    expect(threat.score).toBeLessThanOrEqual(1);
    expect(quoted.score).toBeLessThan(threat.score);
  });

  it('depend on how a place is named, never on which place it is: an added place scores like a shipped one', () => {
    const analyzer = withAddedPlace();
    const pairs = [
      ['We will slaughter the people of Saraqib', 'We will slaughter the people of Wadi Qamar'],
      ['يا أهل سراقب، جهزوا حالكن، رح تدفعوا التمن', 'يا أهل وادي قمر، جهزوا حالكن، رح تدفعوا التمن'],
      ['Lovely weather in Saraqib today', 'Lovely weather in Wadi Qamar today'],
    ];
    for (const [shipped, added] of pairs) {
      const a = analyzePost({ text: shipped! }, analyzer);
      const b = analyzePost({ text: added! }, analyzer);
      expect(b.score, added).toBe(a.score);
      expect(b.severity, added).toBe(a.severity);
    }
  });
});

describe('feature hashing', () => {
  it('hashes a feature from its prefix state exactly as from its whole name (the model was trained on whole names)', () => {
    for (const [prefix, value, tail] of [
      ['lw:', 'ذبح', undefined],
      ['l-3:', '§', undefined],
      ['sig:', 'death_threat', 'hi'],
      ['emoji:', '🔥', undefined],
      ['lkm:', 'modal', 'expulsion'],
    ] as const) {
      const name = tail === undefined ? `${prefix}${value}` : `${prefix}${value}:${tail}`;
      expect(named(prefixState(prefix), value, tail)).toBe(featureIndex(name));
    }
  });
});
