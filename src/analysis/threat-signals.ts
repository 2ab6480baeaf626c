import type { ModifierKind } from '../config/index.js';
import type { CompiledAnalyzer, CueRecord, MatchOutput, PhraseRecord } from './compiled-types.js';
import { OUTPUT_CUE, OUTPUT_THREAT, outputKinds } from './output-kinds.js';
import { isConditionOpener } from './explicit-threat.js';
import type { PostWord } from './post-words.js';
import type { AutomatonMatch } from './token-automaton.js';

/** A threat phrase found in the post, over collapsed words [start, end), with its modifiers applied. */
export interface ScoredSignal {
  readonly start: number;
  readonly end: number;
  readonly phrase: PhraseRecord;
  /** Modifier cues that apply (cancelled kinds removed), each over words [start, end). */
  readonly modifiers: readonly AppliedCue[];
  /** weight × product of modifier factors. */
  readonly effective: number;
}

/** A cue that applies to a signal. */
export interface AppliedCue {
  readonly cue: CueRecord;
  readonly start: number;
  readonly end: number;
}

interface CueHit extends AppliedCue {}

type ThreatOutput = Extract<MatchOutput, { type: 'threat' }>;
type CueOutput = Extract<MatchOutput, { type: 'cue' }>;

/** Cue kinds that frame a threat as someone else's, reported or past, wherever they sit. */
const FRAMING_KINDS: ReadonlySet<ModifierKind> = new Set(['reported_speech', 'counter_speech', 'past', 'hypothetical']);

/**
 * Turns automaton matches into threat signals and applies the modifier cues in scope of each: the
 * cue must sit on the right side, within its window, in the same clause/sentence. A cue inside the
 * phrase is part of it ("do not deserve to live") except for non-violent senses ("killing it").
 * Endorsement frames cancel the kinds they name; phrases marked needs_negation count only when negated.
 * `datelineWords`: the words of the news dateline the post opens with (`@dateline`), if any.
 */
export function scoreSignals(
  words: readonly PostWord[],
  matches: readonly AutomatonMatch[],
  questionSentences: ReadonlySet<number>,
  analyzer: CompiledAnalyzer,
  datelineWords = 0,
): ScoredSignal[] {
  const candidates: Array<{ start: number; end: number; phrase: PhraseRecord }> = [];
  const cues: CueHit[] = [];
  const kinds = outputKinds(analyzer.outputs);
  for (const m of matches) {
    const kind = kinds[m.output];
    if (kind === OUTPUT_THREAT) candidates.push({ start: m.start, end: m.end, phrase: (analyzer.outputs[m.output] as ThreatOutput).phrase });
    else if (kind === OUTPUT_CUE) cues.push({ cue: (analyzer.outputs[m.output] as CueOutput).cue, start: m.start, end: m.end });
  }
  if (candidates.length === 0) return [];
  addSpecialCues(words, questionSentences, analyzer, cues, datelineWords);
  const signals: ScoredSignal[] = [];
  const phrases = dropContained(candidates);
  // A framing word that begins a threat phrase is that phrase's verb ("فليكتب وصيته", let him write
  // his will), not a report of the threats around it.
  const framing = cues.filter((hit) => !(FRAMING_KINDS.has(hit.cue.kind) && phrases.some((p) => p.start === hit.start && hit.end <= p.end)));
  const openers = new SentenceOpeners(words);
  for (const c of phrases) {
    const applied = framing.filter(
      (hit) => inScope(hit, c.start, c.end, words) && !datesOpeningCondition(hit, c.start, words, openers) && !negatesConditionOnly(hit, c.start, words),
    );
    const quoted = quotedCue(words, c.start, c.end, analyzer);
    if (quoted) applied.push(quoted);
    const cancelled = new Set<ModifierKind>(applied.flatMap((h) => h.cue.cancels));
    let kept = applied.filter((h) => !cancelled.has(h.cue.kind) && h.cue.kind !== 'endorsement');
    if (c.phrase.needsNegation) {
      const negated = applied.some((h) => h.cue.kind === 'negation');
      if (!negated) continue;
      kept = kept.filter((h) => h.cue.kind !== 'negation');
    }
    signals.push({ start: c.start, end: c.end, phrase: c.phrase, modifiers: kept, effective: c.phrase.weight * combinedFactor(kept) });
  }
  return signals;
}

/**
 * A past cue inside the condition a threat's sentence opens with dates the condition, not the threat:
 * "من خرج في مظاهرة تقاد أمس فليكتب وصيته", "whoever marched yesterday will be buried". The opener is
 * the sentence's first or second word (after a vocative or a conjunction).
 */
function datesOpeningCondition(hit: CueHit, signalStart: number, words: readonly PostWord[], openers: SentenceOpeners): boolean {
  if (hit.cue.kind !== 'past' || hit.end > signalStart) return false;
  const opener = openers.of(words[signalStart]!.sentence);
  return opener >= 0 && opener < hit.start;
}

/**
 * A negation right after "if", "whoever", لو، اذا، إن belongs to the condition's verb, not to the
 * threat that answers it: "ان ما سكتوا لنذبحكم", "if you don't leave Saraqib we will slaughter you".
 * It still governs a threat that is the condition's own verb ("if we don't kill them…") and one
 * behind a future or modal word ("قالوا ان ما رح يأذوا حدا": that, not if).
 */
function negatesConditionOnly(hit: CueHit, signalStart: number, words: readonly PostWord[]): boolean {
  if (hit.cue.kind !== 'negation' || hit.end >= signalStart) return false;
  if (words[hit.end]!.keys.some((k) => NEGATED_AUXILIARIES.has(k))) return false;
  const clause = words[hit.start]!.clause;
  for (let i = hit.start - 1; i >= Math.max(0, hit.start - 3); i--) {
    const w = words[i]!;
    if (w.clause !== clause) return false;
    if (w.keys.some((k) => isConditionOpener(k) || k === 'ان' || k === 'unless')) return true;
  }
  return false;
}

/** Future and modal words after a negation: the negation then reaches the verb behind them. */
const NEGATED_AUXILIARIES = new Set([
  'رح',
  'راح',
  'ح',
  'حد',
  'حدا',
  'بدو',
  'بده',
  'بدي',
  'بدنا',
  'بدهم',
  'نقدر',
  'يقدر',
  'will',
  'would',
  'gonna',
  'going',
  'ever',
  'ra7',
  'ha',
  '7a',
]);

/** Where each sentence's condition opener stands (its first or second word), -1 for none; each sentence read once. */
class SentenceOpeners {
  private found: Map<number, number> | null = null;

  constructor(private readonly words: readonly PostWord[]) {}

  of(sentence: number): number {
    if (!this.found) {
      this.found = new Map();
      let first = 0;
      for (let i = 0; i < this.words.length; i++) {
        const w = this.words[i]!;
        if (i > 0 && w.sentence !== this.words[i - 1]!.sentence) first = i;
        if (i - first < 2 && !this.found.has(w.sentence) && w.keys.some(isConditionOpener)) this.found.set(w.sentence, i);
      }
    }
    return this.found.get(sentence) ?? -1;
  }
}

/** Keeps the longest of nested phrases (the longer one carries more context), unless the inner one weighs more. */
function dropContained<T extends { start: number; end: number; phrase: PhraseRecord }>(list: T[]): T[] {
  const sorted = [...list].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: T[] = [];
  for (const c of sorted) {
    const inside = kept.some((k) => k.start <= c.start && c.end <= k.end && k.phrase.weight >= c.phrase.weight);
    if (!inside) kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

function addSpecialCues(words: readonly PostWord[], questions: ReadonlySet<number>, analyzer: CompiledAnalyzer, out: CueHit[], datelineWords: number): void {
  const negated = analyzer.specialCues.get('@negated_verb');
  const question = analyzer.specialCues.get('@question_mark');
  const dateline = analyzer.specialCues.get('@dateline');
  if (dateline && datelineWords > 0) out.push({ cue: dateline, start: 0, end: datelineWords });
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (negated && w.negated) out.push({ cue: negated, start: i, end: i + 1 });
    if (question && questions.has(w.sentence) && (i === 0 || words[i - 1]!.sentence !== w.sentence)) {
      out.push({ cue: question, start: i, end: i + 1 });
    }
  }
}

function inScope(hit: CueHit, start: number, end: number, words: readonly PostWord[]): boolean {
  const { cue } = hit;
  if (hit.start < end && start < hit.end) {
    // Inside the phrase: part of its meaning, except a non-violent sense or a negated verb form, and
    // except framing that sits in a gap of the phrase ("forces threatened to wipe out"): those are
    // the poster's words around someone else's threat.
    if (FRAMING_KINDS.has(cue.kind) && hit.start > start && hit.end < end) return true;
    // A non-violent word that closes the phrase is the phrase's own ("fair game" is no match).
    if (cue.kind === 'non_violent' && hit.start > start && hit.end === end) return false;
    return cue.kind === 'non_violent' || (cue.pattern === '@negated_verb' && hit.start >= start);
  }
  let distance: number;
  let cueWord: PostWord;
  let signalWord: PostWord;
  if (hit.end <= start) {
    if (cue.direction === 'after') return false;
    distance = start - hit.end;
    cueWord = words[hit.end - 1]!;
    signalWord = words[start]!;
  } else {
    if (cue.direction === 'before') return false;
    distance = hit.start - end;
    cueWord = words[hit.start]!;
    signalWord = words[end - 1]!;
  }
  if (distance > cue.window) return false;
  if (cue.scope === 'clause') return cueWord.clause === signalWord.clause;
  if (cue.scope === 'sentence') return cueWord.sentence === signalWord.sentence;
  return true;
}

/** A threat inside quotation marks with words of the poster around it is being quoted, not made. */
function quotedCue(words: readonly PostWord[], start: number, end: number, analyzer: CompiledAnalyzer): CueHit | null {
  const cue = analyzer.specialCues.get('@quoted');
  // The phrase may begin with the poster's own word before the quotation mark (like "… deserve to die").
  let quote = -1;
  for (let i = start; i < end && quote < 0; i++) quote = words[i]!.quote;
  if (!cue || quote < 0) return null;
  let outside = 0;
  for (const w of words) if (w.quote !== quote) outside++;
  return outside >= 2 ? { cue, start, end } : null;
}

/** The product over modifier kinds of the strongest (lowest) factor of each kind. */
function combinedFactor(hits: readonly AppliedCue[]): number {
  const byKind = new Map<ModifierKind, number>();
  for (const h of hits) byKind.set(h.cue.kind, Math.min(byKind.get(h.cue.kind) ?? 1, h.cue.factor));
  let factor = 1;
  for (const f of byKind.values()) factor *= f;
  return factor;
}
