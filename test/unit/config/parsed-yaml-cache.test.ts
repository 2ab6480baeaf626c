import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, parseConfigFiles } from '../../../src/config/index.js';
import { isPlainJson } from '../../../src/config/parsed-yaml-cache.js';
import { SHIPPED_CONFIG } from '../../helpers/paths.js';
import { tempConfig } from '../../helpers/temp-config.js';

const PLACES = 'places:\n  - id: town-a\n    name: Town A\n';

describe('parsed-YAML cache', () => {
  let dir: string;
  const before = process.env.PLACEWATCH_ANALYZER_CACHE;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'placewatch-yaml-cache-'));
    process.env.PLACEWATCH_ANALYZER_CACHE = dir;
  });
  afterEach(() => {
    if (before === undefined) delete process.env.PLACEWATCH_ANALYZER_CACHE;
    else process.env.PLACEWATCH_ANALYZER_CACHE = before;
  });
  const cached = () => readdirSync(dir).filter((name) => /^config-[0-9a-f]{32}\.json$/.test(name));

  it('a config directory loads the same from the cache as parsed, file by file', () => {
    const parsed = loadConfig(SHIPPED_CONFIG);
    expect(cached().length).toBeGreaterThanOrEqual(5);
    const fromCache = loadConfig(SHIPPED_CONFIG);
    expect(fromCache).toEqual(parsed);
    expect(fromCache.version).toBe(parsed.version);
  });

  it('a damaged cache file is parsed again; an edited file is parsed anew', () => {
    const config = tempConfig({ 'places.yaml': PLACES });
    const first = loadConfig(config);
    for (const name of cached()) writeFileSync(path.join(dir, name), '{"places": [trunc');
    expect(loadConfig(config)).toEqual(first);
    writeFileSync(path.join(config, 'places.yaml'), PLACES.replace('Town A', 'Town B'));
    expect(loadConfig(config).places.places[0]!.name).toBe('Town B');
  });

  it('errors stay the parser’s and the schema’s, with their line, and nothing unparsable is stored', () => {
    const config = tempConfig({ 'places.yaml': PLACES, 'thresholds.yaml': 'severity:\n  critical: [0.9\n' });
    for (let run = 0; run < 2; run++) expect(() => loadConfig(config)).toThrow(/thresholds\.yaml:\d+:\d+: /);
    const wrongType = tempConfig({ 'places.yaml': 'places:\n  - id: town-a\n    name: 42\n' });
    for (let run = 0; run < 2; run++) expect(() => loadConfig(wrongType)).toThrow(/places\.yaml: places\[0\]\.name/);
  });

  it('uploaded files are never written to disk', () => {
    parseConfigFiles({ 'places.yaml': PLACES.replace('Town A', 'Uploaded Town') }, 'import');
    expect(cached()).toEqual([]);
  });

  it('stores only values JSON gives back as they are', () => {
    expect(isPlainJson({ a: [1, 'x', true, null, { b: 0.5 }] })).toBe(true);
    for (const value of [Infinity, NaN, -0, undefined, new Map(), new Date(0), JSON.parse('{"__proto__": 1}')]) {
      expect(isPlainJson({ a: [value] })).toBe(false);
    }
  });
});
