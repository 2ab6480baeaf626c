import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { durationToMs, loadConfig, loadEnv } from '../../../src/config/index.js';
import { PlacewatchError } from '../../../src/errors.js';
import { tempConfig } from '../../helpers/temp-config.js';
import { SHIPPED_CONFIG } from '../../helpers/paths.js';

function configError(dir: string): PlacewatchError {
  try {
    loadConfig(dir);
  } catch (error) {
    if (error instanceof PlacewatchError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('loads the shipped config and gives it a stable content version', () => {
    const a = loadConfig(SHIPPED_CONFIG);
    const b = loadConfig(SHIPPED_CONFIG);
    expect(a.places.places.length).toBeGreaterThan(5);
    expect(a.lexicons.length).toBeGreaterThan(0);
    expect(a.version).toMatch(/^[0-9a-f]{12}$/);
    expect(a.version).toBe(b.version);
  });

  it('names file, path and reason for a value of the wrong type', () => {
    const dir = tempConfig({
      'places.yaml': 'places:\n  - id: town-a\n    name: Town A\n    aliases:\n      ar: [42]\n',
    });
    const error = configError(dir);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/places\.yaml: places\[0\]\.aliases\.ar\[0\]: .*expected string/i);
    expect(error.message).toContain(path.basename(dir));
  });

  it('reports YAML syntax errors with their line', () => {
    const dir = tempConfig({ 'thresholds.yaml': 'severity:\n  critical: [0.9\n' });
    expect(configError(dir).message).toMatch(/thresholds\.yaml:\d+:\d+: /);
  });

  it('rejects unknown keys, duplicate place ids and unknown parents', () => {
    const dir = tempConfig({
      'places.yaml': [
        'places:',
        '  - { id: town-a, name: Town A, colour: red }',
        '  - { id: town-b, name: Town B, parent: nowhere }',
        '  - { id: town-b, name: Town B again }',
      ].join('\n'),
    });
    // Unknown keys are a schema error; the cross-file checks run once the schema passes.
    expect(configError(dir).message).toMatch(/places\[0\]: .*colour/);
    const dir2 = tempConfig({
      'places.yaml': ['places:', '  - { id: town-b, name: Town B, parent: nowhere }', '  - { id: town-b, name: Again }'].join('\n'),
    });
    const message = configError(dir2).message;
    expect(message).toContain('places[1].id: duplicate id "town-b"');
    expect(message).toContain('places[0].parent: unknown place "nowhere"');
  });

  it('rejects severity cut-offs that are out of order', () => {
    const dir = tempConfig({ 'thresholds.yaml': 'severity: { critical: 0.5, high: 0.7, medium: 0.4, low: 0.3 }\n' });
    expect(configError(dir).message).toMatch(/thresholds\.yaml: severity: severity cut-offs must not increase/);
  });

  it('says so when the directory does not exist', () => {
    expect(configError('/nonexistent/placewatch-config').message).toContain('config directory not found');
  });
});

describe('loadEnv', () => {
  it('applies defaults and validates URLs', () => {
    expect(loadEnv({}).PORT).toBe(8080);
    expect(() => loadEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/environment: DATABASE_URL: expected a postgres:\/\/ URL/);
    expect(() => loadEnv({ PLACEWATCH_QUEUE_PREFIX: 'nohashtag' })).toThrow(/hash-tagged/);
    expect(loadEnv({ PLACEWATCH_ALLOW_PRIVATE: '127.0.0.1, 10.0.0.0/8' }).PLACEWATCH_ALLOW_PRIVATE).toEqual(['127.0.0.1', '10.0.0.0/8']);
  });

  it('converts durations', () => {
    expect(durationToMs('90s')).toBe(90_000);
    expect(durationToMs('6h')).toBe(21_600_000);
    expect(durationToMs('7d')).toBe(604_800_000);
  });
});
