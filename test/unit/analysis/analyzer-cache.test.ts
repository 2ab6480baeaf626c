import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  analyzePost,
  analyzerCacheDir,
  analyzerCacheKey,
  analyzerCacheStats,
  compileAnalyzer,
  loadOrCompileAnalyzer,
  type CompiledAnalyzer,
} from '../../../src/analysis/index.js';
import { hashConfig, type PlacewatchConfig } from '../../../src/config/index.js';
import { CONFIG_DIR, shippedAnalyzer } from './analyzer-fixture.js';

const ROOT = path.resolve(CONFIG_DIR, '..');

/** Hand-written texts across scripts and phenomena, then the demo posts and the threat examples. */
const TEXTS = [
  'we will burn saraqib',
  'They will burn Darat Izza tonight',
  'I would never hurt the people of Saraqib',
  'we will not kill anyone in Taqad, we love them',
  'He said "we will slaughter the people of Saraqib" on TV yesterday',
  'Will they bomb Kafranbel? Nobody knows',
  'klil them all in saraqeb',
  'deathto darat izza',
  'sa2atel kel wa7ad b darat 3azza',
  'bdna n7ra2 l dara el lela',
  'ma rah ne2tol 7ada',
  'سنحرق سراقب الليلة',
  'والله لنذبح أهالي دارة عزة',
  'ما رح نقتل حدا بتقاد، لكن رح نحرقها',
  'قال المتحدث إنهم سيقصفون كفرنبل',
  'هالمسلسل موّتني ضحك، وأنا قاعد بكفرنبل بلا كهربا',
  'منخلصش عليكم يا أهل الدارة',
  '#DaratIzza burn it down 🔥🔥',
  'Heading to Aleppo next week for my cousin’s wedding',
  // Common-word names and consonant skeletons, which count only with support (a capital, a hashtag, a frame).
  'Harem will burn tonight. Dana too',
  'the harem of the palace, and dana my friend',
  'people of harem, we will kill you all',
  '#ariha will burn',
  'Maaret al-Nouman will be wiped out',
  'Jisr al-Shugour, we are coming for you',
  'jisr l shoghour rah n7arr2a',
  'khan shay5oun 5alas ra7at',
  'Ariha. Kill them',
  'أهالي الجسر سنذبحكم',
  'حاريم رح تنحرق',
  'صرمدا وطفتناز',
  '',
  '   ',
  'kill kill kill kill kill kill kill kill kill kill kill kill kill kill kill kill kill kill kill kill',
];

function corpus(): string[] {
  const lines = (file: string): string[] =>
    readFileSync(path.join(ROOT, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => (JSON.parse(line) as { text: string }).text);
  return [...TEXTS, ...lines('demo/posts.jsonl'), ...lines('models/training/threat-examples.jsonl')];
}

function analyses(analyzer: CompiledAnalyzer, texts: readonly string[]): string[] {
  return texts.map((text) => JSON.stringify([analyzePost({ text, lang: null }, analyzer), analyzePost({ text, lang: null }, analyzer, { anyTarget: true })]));
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'placewatch-analyzer-cache-'));
}

/** Collects what the cache reports instead of writing it to stderr. */
function recordingLog(): { warn: string[]; debug: string[]; log: { warn(m: string): void; debug(m: string): void } } {
  const warn: string[] = [];
  const debug: string[] = [];
  return { warn, debug, log: { warn: (m) => warn.push(m), debug: (m) => debug.push(m) } };
}

/** The shipped config with the first 20 phrases of each lexicon: it compiles in a fraction of the time. */
function smallConfig(config: PlacewatchConfig): PlacewatchConfig {
  const body = {
    places: config.places,
    lexicons: config.lexicons.map((l) => ({ ...l, phrases: l.phrases.slice(0, 20) })),
    modifiers: config.modifiers,
    thresholds: config.thresholds,
  };
  return { ...config, ...body, version: hashConfig(body) };
}

/** The shipped config with one more place and one more English phrase. */
function extendedConfig(config: PlacewatchConfig): PlacewatchConfig {
  const template = config.places.places[0]!;
  const place = {
    ...template,
    id: 'qalb-lozeh',
    name: 'Qalb Lozeh',
    name_ar: 'قلب لوزة',
    parent: undefined,
    aliases: { en: ['Qalb Lozeh', 'Qalb Loze'], ar: ['قلب لوزة'], arabizi: ['2alb lozeh'] },
    demonyms: {},
    fuzzy_exclude: [],
  };
  const en = config.lexicons.find((l) => l.language === 'en')!;
  const phrase = { ...en.phrases[0]!, id: 'en-test-flatten', pattern: 'flatten+ @target|them', weight: 0.8 };
  const body = {
    places: { ...config.places, places: [...config.places.places, place] },
    lexicons: config.lexicons.map((l) => (l === en ? { ...l, phrases: [...l.phrases, phrase] } : l)),
    modifiers: config.modifiers,
    thresholds: config.thresholds,
  };
  return { ...config, ...body, version: hashConfig(body) };
}

describe('analyzer cache', () => {
  const texts = corpus();
  // Each compile is seconds of synchronous work: a turn of the event loop between them lets the test
  // worker answer vitest's own calls, which time out after a minute without one on a loaded box.
  const breather = () => new Promise((resolve) => setImmediate(resolve));
  // Several full compiles (each seconds idle, several times that beside a running bench).
  const COMPILES_TIMEOUT_MS = 240_000;

  it(
    'a loaded analyzer analyses every text as a freshly compiled one does (shipped config, and with a place and a phrase added)',
    async () => {
      // shippedAnalyzer() loads through the shared cache: here a fresh directory, so the first call
      // compiles (the reference) and the second loads what it wrote.
      const { config } = shippedAnalyzer();
      const extended = extendedConfig(config);
      const dir = tempDir();
      for (const cfg of [config, extended]) {
        await breather();
        const { log, warn } = recordingLog();
        const before = { ...analyzerCacheStats };
        const compiled = loadOrCompileAnalyzer(cfg, { cache: { dir, log } });
        await breather();
        const loaded = loadOrCompileAnalyzer(cfg, { cache: { dir, log } });
        await breather();
        expect(analyzerCacheStats.misses - before.misses).toBe(1);
        expect(analyzerCacheStats.hits - before.hits).toBe(1);
        expect(warn).toEqual([]);
        expect(loaded.configVersion).toBe(cfg.version);
        expect(loaded.modelVersion).toBe(compiled.modelVersion);
        // Two analyzers, not one object twice (compared by identity: `not.toBe` would diff them deeply).
        expect(loaded.automaton === compiled.automaton).toBe(false);
        const fromLoaded = analyses(loaded, texts);
        await breather();
        expect(fromLoaded).toEqual(analyses(compiled, texts));
      }
      expect(readdirSync(dir).filter((f) => f.endsWith('.bin'))).toHaveLength(2);
      // The added place and phrase are really in the loaded analyzer, not an older file's.
      const extendedLoaded = loadOrCompileAnalyzer(extended, { cache: { dir } });
      const analysis = analyzePost({ text: 'we will flatten Qalb Lozeh', lang: 'en' }, extendedLoaded);
      expect(analysis.places.map((p) => p.placeId)).toEqual(['qalb-lozeh']);
      expect(analysis.signals.map((s) => s.phraseId)).toContain('en-test-flatten');
    },
    COMPILES_TIMEOUT_MS,
  );

  it('a changed config, or a different config under one version label, gets another key: no stale hit', () => {
    const { config } = shippedAnalyzer();
    const extended = extendedConfig(config);
    expect(analyzerCacheKey(extended)).not.toBe(analyzerCacheKey(config));
    const oneWeightChanged = {
      ...config,
      lexicons: config.lexicons.map((l, i) => (i === 0 ? { ...l, phrases: l.phrases.map((p, j) => (j === 0 ? { ...p, weight: p.weight / 2 } : p)) } : l)),
    };
    expect(analyzerCacheKey(oneWeightChanged)).not.toBe(analyzerCacheKey(config));
    // The key is computed from the content, never from the version string it is labelled with.
    expect(analyzerCacheKey({ ...extended, version: config.version } as PlacewatchConfig)).toBe(analyzerCacheKey(extended));
    expect(analyzerCacheKey(structuredClone(config))).toBe(analyzerCacheKey(config));
  });

  it(
    'a damaged file is reported, compiled again and replaced; an unwritable directory only skips caching',
    async () => {
      // A config with few phrases: recovery does not depend on the config's size, and each of the
      // seven compiles below then takes a fraction of a second instead of seconds.
      const config = smallConfig(shippedAnalyzer().config);
      const fresh = compileAnalyzer(config);
      const dir = tempDir();
      loadOrCompileAnalyzer(config, { cache: { dir } });
      const [name] = readdirSync(dir);
      const file = path.join(dir, name!);
      const good = readFileSync(file);
      const { edges, outputs } = fresh.automaton.tables;
      // The arrays' last part (the edges, then the outputs), and never past their start.
      const tail = 4 * Math.min(5000, edges.length + outputs.length);
      const sample = texts.slice(0, 60);
      const damages: Array<[string, Buffer]> = [
        ['truncated', good.subarray(0, Math.floor(good.length / 2))],
        ['empty', Buffer.alloc(0)],
        ['garbage header', Buffer.concat([good.subarray(0, 16), Buffer.from('{"sizes":[1,2'), good.subarray(29)])],
        // An edge's child past the last node, in the arrays' last part (the edges, then the outputs).
        ['bad indices', Buffer.concat([good.subarray(0, good.length - tail), Buffer.alloc(tail, 0x7f)])],
      ];
      for (const [what, bytes] of damages) {
        await breather();
        writeFileSync(file, bytes);
        const { log, warn } = recordingLog();
        const before = { ...analyzerCacheStats };
        const analyzer = loadOrCompileAnalyzer(config, { cache: { dir, log } });
        expect(warn, what).toHaveLength(1);
        expect(warn[0], what).toMatch(/analyzer cache .* is damaged .*compiling it again/);
        expect(analyzerCacheStats.unreadable - before.unreadable, what).toBe(1);
        expect(analyses(analyzer, sample), what).toEqual(analyses(fresh, sample));
        // Rewritten whole: the next process loads it.
        expect(readFileSync(file).equals(good), what).toBe(true);
      }
      const notADir = path.join(dir, name!);
      const { log, warn, debug } = recordingLog();
      const analyzer = loadOrCompileAnalyzer(config, { cache: { dir: path.join(notADir, 'sub'), log } });
      expect(warn).toEqual([]);
      expect(debug.join('\n')).toMatch(/analyzer cache not written/);
      expect(analyses(analyzer, sample)).toEqual(analyses(fresh, sample));
    },
    COMPILES_TIMEOUT_MS,
  );

  it('PLACEWATCH_ANALYZER_CACHE names the directory or turns the cache off', () => {
    expect(analyzerCacheDir({})).toBe(path.join(ROOT, 'data', 'cache'));
    expect(analyzerCacheDir({ PLACEWATCH_ANALYZER_CACHE: '/var/cache/pw' })).toBe('/var/cache/pw');
    for (const off of ['off', '0', 'false', 'none', 'OFF']) expect(analyzerCacheDir({ PLACEWATCH_ANALYZER_CACHE: off })).toBeNull();
    const { config } = shippedAnalyzer();
    const before = { ...analyzerCacheStats };
    loadOrCompileAnalyzer(config, { cache: { dir: null } });
    expect(analyzerCacheStats).toEqual(before);
  });

  it('the second `placewatch score` loads the analyzer the first one cached', () => {
    const dir = tempDir();
    const score = () =>
      spawnSync(process.execPath, [path.join(ROOT, 'bin/placewatch.js'), 'score', 'we will burn saraqib', '--json'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, PLACEWATCH_ANALYZER_CACHE: dir, LOG_LEVEL: 'debug', PLACEWATCH_CONFIG: CONFIG_DIR },
      });
    const first = score();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/analyzer cached in /);
    const [file] = readdirSync(dir);
    expect(statSync(path.join(dir, file!)).size).toBeGreaterThan(0);
    const second = score();
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toContain(`analyzer loaded from cache ${path.join(dir, file!)}`);
    expect(second.stdout).toBe(first.stdout);
    expect((JSON.parse(second.stdout) as { places: Array<{ placeId: string }> }).places.map((p) => p.placeId)).toEqual(['saraqib']);
  }, 120_000);
});
