import type { AnalysisConfig } from '../config/index.js';
import { normalizeText, primaryKey, scriptOfWord } from '../text/index.js';
import type { CompiledAnalyzer, MatchOutput } from './compiled-types.js';
import { FuzzyIndex } from './fuzzy-index.js';
import { addPlaces } from './gazetteer.js';
import { addCues, addLexicons } from './lexicon-compiler.js';
import { TokenAutomatonBuilder } from './token-automaton.js';

/** Options of the compile step. */
export interface CompileOptions {
  /** Recorded in each Analysis; the rule scorer is "rules-1". */
  readonly modelVersion?: string;
}

/**
 * Compiles a config into an analyzer: one token automaton holding every place name, resident frame,
 * threat phrase and modifier cue, plus the typo index. Expensive (tens to hundreds of ms): call it
 * once per config version and share the result; {@link analyzePost} is then pure and fast.
 *
 * @example const analyzer = compileAnalyzer(loadConfig('config'));
 */
export function compileAnalyzer(config: AnalysisConfig & { version: string }, opts: CompileOptions = {}): CompiledAnalyzer {
  const builder = new TokenAutomatonBuilder();
  const outputs: MatchOutput[] = [];
  const fuzzyWords: Array<readonly [string, string]> = [];
  addPlaces(config.places, builder, outputs, fuzzyWords);
  const excluded = addLexicons(config.lexicons, builder, outputs, fuzzyWords);
  const specialCues = addCues(config.modifiers, builder, outputs);
  const { severity } = config.thresholds;
  return {
    configVersion: config.version,
    modelVersion: opts.modelVersion ?? 'rules-1',
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
}

function keySet(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const w of words) {
    const text = normalizeText(w).text.trim();
    if (text) out.add(primaryKey(text, scriptOfWord(text)));
  }
  return out;
}
