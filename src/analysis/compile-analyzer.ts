import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AnalysisConfig } from '../config/index.js';
import { fromPackageRoot } from '../package-root.js';
import { normalizeText, primaryKey, scriptOfWord } from '../text/index.js';
import type { CompiledAnalyzer, MatchOutput } from './compiled-types.js';
import { realWordNeighbours } from './english-words.js';
import { FuzzyIndex } from './fuzzy-index.js';
import { addPlaces } from './gazetteer.js';
import { addCues, addLexicons } from './lexicon-compiler.js';
import { attachScorers } from './model/analyzer-models.js';
import { withOptionCache } from './pattern-compiler.js';
import { PlaceThreatModel } from './model/place-threat-model.js';
import type { ThreatScorer } from './model/threat-scorer.js';
import { TokenAutomatonBuilder } from './token-automaton.js';
import { WordCache } from './word-cache.js';

/** Options of the compile step. */
export interface CompileOptions {
  /** Recorded in each Analysis when no model is loaded; the rule scorer is "rules-1". */
  readonly modelVersion?: string;
  /**
   * The model to use instead of the one the config names: null scores with the rules alone (what
   * `model train` needs to compute its features).
   */
  readonly model?: ThreatScorer | null;
  /** A scorer to run in shadow mode instead of the one the config names (null: none). */
  readonly shadow?: ThreatScorer | null;
}

/** The model shipped with placewatch, used when thresholds.yaml has no `model` section. */
export const DEFAULT_MODEL_FILE = fromPackageRoot('models', 'threat-model.json');

/**
 * Compiles a config into an analyzer: one token automaton holding every place name, resident frame,
 * threat phrase and modifier cue, plus the typo index. Expensive (tens to hundreds of ms): call it
 * once per config version and share the result; {@link analyzePost} is then pure and fast.
 *
 * @example const analyzer = compileAnalyzer(loadConfig('config'));
 */
export function compileAnalyzer(config: AnalysisConfig & { version: string; dir?: string }, opts: CompileOptions = {}): CompiledAnalyzer {
  return assembleAnalyzer(config, compileMatcher(config), opts);
}

/**
 * The part of an analyzer built from the places, lexicons and modifiers alone, and the costly one:
 * what the on-disk cache (analyzer-cache.ts) stores.
 */
export type CompiledMatcher = Pick<CompiledAnalyzer, 'automaton' | 'outputs' | 'fuzzy' | 'specialCues' | 'vocatives' | 'anaphora' | 'clauseBreaks'>;

/** Builds the automaton, its outputs and the word sets from `places`, `lexicons` and `modifiers`. */
export function compileMatcher(config: Pick<AnalysisConfig, 'places' | 'lexicons' | 'modifiers'>): CompiledMatcher {
  const builder = new TokenAutomatonBuilder();
  const outputs: MatchOutput[] = [];
  const fuzzyWords: Array<readonly [string, string]> = [];
  const { excluded, specialCues } = withOptionCache(() => {
    addPlaces(config.places, builder, outputs, fuzzyWords);
    return { excluded: addLexicons(config.lexicons, builder, outputs, fuzzyWords), specialCues: addCues(config.modifiers, builder, outputs) };
  });
  return {
    automaton: builder.freeze(),
    outputs,
    // Operators' exclusions, and every real English word a typo fix would turn into a lexicon word or a name.
    fuzzy: new FuzzyIndex(fuzzyWords, new Set([...excluded, ...realWordNeighbours(fuzzyWords.map(([raw]) => raw))])),
    specialCues,
    vocatives: keySet(config.places.vocatives),
    anaphora: keySet(Object.values(config.places.anaphora).flat()),
    clauseBreaks: keySet(Object.values(config.modifiers.clause_breaks ?? {}).flat()),
  };
}

/** A compiled (or cache-loaded) matcher with the config's thresholds and its model: the analyzer. */
export function assembleAnalyzer(
  config: AnalysisConfig & { version: string; dir?: string },
  matcher: CompiledMatcher,
  opts: CompileOptions = {},
): CompiledAnalyzer {
  const { severity } = config.thresholds;
  const model = opts.model === undefined ? loadConfiguredModel(config) : opts.model;
  const shadow = opts.shadow === undefined ? loadShadowModel(config) : opts.shadow;
  const analyzer: CompiledAnalyzer = {
    configVersion: config.version,
    modelVersion: model?.version ?? opts.modelVersion ?? 'rules-1',
    automaton: matcher.automaton,
    outputs: matcher.outputs,
    fuzzy: matcher.fuzzy,
    specialCues: matcher.specialCues,
    vocatives: matcher.vocatives,
    anaphora: matcher.anaphora,
    clauseBreaks: matcher.clauseBreaks,
    thresholds: config.thresholds,
    severityCuts: [
      ['critical', severity.critical],
      ['high', severity.high],
      ['medium', severity.medium],
      ['low', severity.low],
    ],
    wordCache: new WordCache(),
  };
  attachScorers(analyzer, model, shadow);
  return analyzer;
}

/**
 * The model thresholds.yaml names (relative to the config directory), the shipped one when it names
 * none, or null for `model: { file: null }`. A missing or invalid file throws, naming the file.
 */
export function loadConfiguredModel(config: AnalysisConfig & { dir?: string }): ThreatScorer | null {
  const section = config.thresholds.model;
  if (section?.file === null) return null;
  const file = section?.file === undefined ? DEFAULT_MODEL_FILE : path.resolve(config.dir ?? '.', section.file);
  return cachedModel(file);
}

/** The shadow scorer thresholds.yaml names (`model.shadow_file`), or null. */
export function loadShadowModel(config: AnalysisConfig & { dir?: string }): ThreatScorer | null {
  const file = config.thresholds.model?.shadow_file;
  return file ? cachedModel(path.resolve(config.dir ?? '.', file)) : null;
}

/** Loaded models by file and modification time: a config reload that keeps the model does not re-read it. */
const modelCache = new Map<string, PlaceThreatModel>();

function cachedModel(file: string): PlaceThreatModel {
  const key = `${file}@${existsSync(file) ? statSync(file).mtimeMs : 0}`;
  let model = modelCache.get(key);
  if (!model) {
    model = PlaceThreatModel.load(file);
    if (modelCache.size > 8) modelCache.clear();
    modelCache.set(key, model);
  }
  return model;
}

function keySet(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const w of words) {
    const text = normalizeText(w).text.trim();
    if (text) out.add(primaryKey(text, scriptOfWord(text)));
  }
  return out;
}
