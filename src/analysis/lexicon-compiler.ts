import type { LexiconFile, ModifierKind, ModifiersFile } from '../config/index.js';
import { normalizeText, tokenize } from '../text/index.js';
import type { CueRecord, MatchOutput, PhraseRecord } from './compiled-types.js';
import { compilePattern } from './pattern-compiler.js';
import type { TokenAutomatonBuilder } from './token-automaton.js';

/** Puts every threat phrase into the automaton; collects its Latin words for typo-tolerant lookup. */
export function addLexicons(
  lexicons: readonly LexiconFile[],
  builder: TokenAutomatonBuilder,
  outputs: MatchOutput[],
  fuzzyWords: Array<readonly [string, string]>,
): Set<string> {
  const exclude = new Set<string>();
  for (const lexicon of lexicons) {
    for (const w of lexicon.fuzzy_exclude) exclude.add(normalizeText(w).text);
    lexicon.phrases.forEach((phrase, index) => {
      const record: PhraseRecord = {
        id: phrase.id ?? `${lexicon.language}-${index + 1}`,
        pattern: phrase.pattern,
        language: lexicon.language,
        category: phrase.category,
        weight: phrase.weight,
        selfTargeting: phrase.self_targeting,
        needsNegation: phrase.needs_negation,
        deprivation: phrase.deprivation,
      };
      const id = outputs.push({ type: 'threat', phrase: record }) - 1;
      const variants = compileWithContext(phrase.pattern, lexicon.language, `lexicon ${lexicon.language} phrase ${record.id}`);
      for (const slots of variants) builder.add(slots, id);
      if (lexicon.language === 'en') collectLatinWords(phrase.pattern, variants.length > 0, fuzzyWords);
    });
  }
  return exclude;
}

/** Kind defaults: negation reaches a few words back in its clause; framing cues reach the sentence. */
const CUE_DEFAULTS: Record<ModifierKind, Pick<CueRecord, 'window' | 'direction' | 'scope'>> = {
  negation: { window: 5, direction: 'before', scope: 'clause' },
  reported_speech: { window: 10, direction: 'before', scope: 'sentence' },
  counter_speech: { window: 14, direction: 'any', scope: 'sentence' },
  hypothetical: { window: 8, direction: 'before', scope: 'sentence' },
  past: { window: 8, direction: 'any', scope: 'sentence' },
  non_violent: { window: 3, direction: 'any', scope: 'sentence' },
  question: { window: 10, direction: 'any', scope: 'sentence' },
  endorsement: { window: 14, direction: 'any', scope: 'sentence' },
  protective: { window: 8, direction: 'any', scope: 'sentence' },
};

/** Puts every modifier cue into the automaton; returns the built-in (`@…`) cues by name. */
export function addCues(file: ModifiersFile, builder: TokenAutomatonBuilder, outputs: MatchOutput[]): Map<string, CueRecord> {
  const special = new Map<string, CueRecord>();
  file.cues.forEach((cue, index) => {
    const defaults = CUE_DEFAULTS[cue.kind];
    const record: CueRecord = {
      kind: cue.kind,
      pattern: cue.pattern,
      factor: cue.factor,
      window: cue.window ?? defaults.window,
      direction: cue.direction ?? defaults.direction,
      scope: cue.scope ?? defaults.scope,
      cancels: cue.cancels,
    };
    if (cue.pattern.startsWith('@') && !cue.pattern.includes(' ')) {
      special.set(cue.pattern, record);
      return;
    }
    const id = outputs.push({ type: 'cue', cue: record }) - 1;
    for (const slots of compileWithContext(cue.pattern, cue.language, `modifiers cues[${index}]`)) builder.add(slots, id);
  });
  return special;
}

function compileWithContext(pattern: string, language: LexiconFile['language'], where: string) {
  try {
    return compilePattern(pattern, language);
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
}

function collectLatinWords(pattern: string, used: boolean, out: Array<readonly [string, string]>): void {
  if (!used) return;
  for (const chunk of pattern.split(/\s+/)) {
    for (const option of chunk.replace(/[[\]]/g, '').split('|')) {
      const inflect = option.endsWith('+');
      const word = normalizeText(inflect ? option.slice(0, -1) : option).text;
      const { tokens } = tokenize(word);
      if (tokens.length !== 1 || tokens[0]!.script !== 'lat' || tokens[0]!.clitic) continue;
      const base = tokens[0]!.text;
      const forms = inflect ? inflections(base) : [base];
      for (const f of forms) out.push([f, f.replace(/(.)\1+/g, '$1')]);
    }
  }
}

function inflections(w: string): string[] {
  const stem = w.endsWith('e') ? w.slice(0, -1) : w;
  const doubled = /[^aeiou][aeiou][bdgmnprt]$/.test(w) ? w + w.slice(-1) : w;
  return [w, `${w}s`, `${stem}ed`, `${doubled}ed`, `${stem}ing`, `${doubled}ing`, `${w.endsWith('y') ? w.slice(0, -1) + 'ie' : w}s`];
}
