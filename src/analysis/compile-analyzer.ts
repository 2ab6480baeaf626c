import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnalysisConfig } from '../config/index.js';
import { normalizeText, primaryKey, scriptOfWord } from '../text/index.js';
import type { CompiledAnalyzer, MatchOutput } from './compiled-types.js';
import { FuzzyIndex } from './fuzzy-index.js';
import { addPlaces } from './gazetteer.js';
import { addCues, addLexicons } from './lexicon-compiler.js';
import { attachModel } from './model/analyzer-models.js';
import { readModelFile } from './model/model-file.js';
import { toThreatModel, type ThreatModel } from './model/threat-model.js';
import { TokenAutomatonBuilder } from './token-automaton.js';

/** Options of the compile step. */
export interface CompileOptions {
  /** Recorded in each Analysis when no model is loaded; the rule scorer is "rules-1". */
  readonly modelVersion?: string;
  /**
   * The model to use instead of the one the config names: null scores with the rules alone (what
   * `model train` needs to compute its features).
   */
  readonly model?: ThreatModel | null;
}

/** The model shipped with placewatch, used when thresholds.yaml has no `model` section. */
export const DEFAULT_MODEL_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../models/threat-model.json');

/**
 * Compiles a config into an analyzer: one token automaton holding every place name, resident frame,
 * threat phrase and modifier cue, plus the typo index. Expensive (tens to hundreds of ms): call it
 * once per config version and share the result; {@link analyzePost} is then pure and fast.
 *
 * @example const analyzer = compileAnalyzer(loadConfig('config'));
 */
export function compileAnalyzer(config: AnalysisConfig & { version: string; dir?: string }, opts: CompileOptions = {}): CompiledAnalyzer {
  const builder = new TokenAutomatonBuilder();
  const outputs: MatchOutput[] = [];
  const fuzzyWords: Array<readonly [string, string]> = [];
  addPlaces(config.places, builder, outputs, fuzzyWords);
  const excluded = addLexicons(config.lexicons, builder, outputs, fuzzyWords);
  const specialCues = addCues(config.modifiers, builder, outputs);
  const { severity } = config.thresholds;
  const model = opts.model === undefined ? loadConfiguredModel(config) : opts.model;
  const analyzer: CompiledAnalyzer = {
    configVersion: config.version,
    modelVersion: model?.version ?? opts.modelVersion ?? 'rules-1',
    automaton: builder.freeze(),
    outputs,
    fuzzy: new FuzzyIndex(fuzzyWords, excluded),
    specialCues,
    vocatives: keySet(config.places.vocatives),
    anaphora: keySet(Object.values(config.places.anaphora).flat()),
    clauseBreaks: keySet(Object.values(config.modifiers.clause_breaks ?? {}).flat()),
    thresholds: config.thresholds,
    severityCuts: [
      ['critical', severity.critical],
      ['high', severity.high],
      ['medium', severity.medium],
      ['low', severity.low],
    ],
    wordCache: [],
  };
  if (model) attachModel(analyzer, model);
  return analyzer;
}

/**
 * The model thresholds.yaml names (relative to the config directory), the shipped one when it names
 * none, or null for `model: { file: null }`. A missing or invalid file throws, naming the file.
 */
export function loadConfiguredModel(config: AnalysisConfig & { dir?: string }): ThreatModel | null {
  const section = config.thresholds.model;
  if (section?.file === null) return null;
  const file = section?.file === undefined ? DEFAULT_MODEL_FILE : path.resolve(config.dir ?? '.', section.file);
  return toThreatModel(readModelFile(file), section?.weight ?? 1);
}

function keySet(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const w of words) {
    const text = normalizeText(w).text.trim();
    if (text) out.add(primaryKey(text, scriptOfWord(text)));
  }
  return out;
}
