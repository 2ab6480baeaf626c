import { SEVERITY_ORDER, type ThreatCategory } from '../config/index.js';
import { normalizeText, tokenize, type NormalizedText } from '../text/index.js';
import type { CompiledAnalyzer } from './compiled-types.js';
import { collapseMentions, findMentions, type Mention } from './place-mentions.js';
import { buildWords, type PostWord } from './post-words.js';
import { categoryLabel, roundScore, severityOf } from './severity.js';
import { modelOf } from './model/analyzer-models.js';
import { MODEL_FEATURES, postFacts, writeFeatures, type PostFacts } from './model/model-features.js';
import { termsOf, textEvidence } from './model/text-evidence.js';
import { threatProbability, type ThreatModel } from './model/threat-model.js';
import { linkSignal, type TargetLink } from './target-linking.js';
import { scoreSignals, type ScoredSignal } from './threat-signals.js';
import type { Analysis, AnalyzeOptions, AnalyzerInput, ModifierHit, PlaceMention, Span, TargetedPlace, ThreatSignal } from './types.js';

/** Posts longer than this are cut: bounded work per post whatever an attacker sends. */
const MAX_TEXT = 20_000;
/** Each further distinct threat phrase against the same place adds this much, up to two. */
const EXTRA_SIGNAL_BONUS = 0.05;
/** A source with a known affiliation (config) raises priority by this much. */
const AFFILIATION_BONUS = 0.05;

interface Linked {
  readonly signal: ScoredSignal;
  readonly link: TargetLink | null;
}

/**
 * Analyzes one post: normalizes, matches places, threat phrases and cues in one automaton pass (a
 * second pass over the place-collapsed words when places were named), applies modifiers, links
 * each threat to its target and scores every monitored place it threatens: with a model loaded, a
 * target's score is the model's calibrated P(threat) over the rule signals of its best phrase and the
 * text; a vetoed phrase or an unlinked one never becomes a target. Pure and deterministic.
 *
 * @example analyzePost({ text: 'We will slaughter the people of Saraqib' }, analyzer).severity // 'high' (score = P(threat) ≈ 0.81)
 */
export function analyzePost(input: AnalyzerInput, analyzer: CompiledAnalyzer, options: AnalyzeOptions = {}): Analysis {
  const { norm, words, stream, mentions, signals } = matchPost(input, analyzer);
  const linked: Linked[] = signals.map((signal) => ({ signal, link: linkSignal(signal, mentions, stream, analyzer) }));
  const model = modelOf(analyzer);
  // No threat signal, nothing for the model to score: skip the text pass.
  const facts = model && signals.length > 0 ? postFacts(stream, signals, mentions.length > 0, textEvidence(stream, model.logOdds, model.stemCache)) : null;
  const scorer: Scorer = model && facts ? { model, facts, words: stream } : null;
  const targets = scoreTargets(linked, input, analyzer, scorer);
  const span = (a: number, b: number): Span => spanOf(norm, stream[a]!.start, stream[b - 1]!.end);
  const best = targets[0];
  let score = best?.score ?? 0;
  let category: ThreatCategory | null = best?.category ?? null;
  if (options.anyTarget && !best) {
    const top = strongest(signals);
    if (top) {
      const rule = roundScore(top.effective);
      score = roundScore(scorer && top.effective > 0 ? modelScore(scorer, top, rule, distinctPhrases(signals)) : rule);
      category = top.phrase.category;
    }
  }
  return {
    score,
    severity: severityOf(score, analyzer, category),
    category,
    targets,
    places: mentions.map((m) => placeMention(m, norm, words)),
    signals: signals.map((s) => threatSignal(s, span)),
    modifiers: modifierHits(signals, span),
    configVersion: analyzer.configVersion,
    modelVersion: analyzer.modelVersion,
    affiliation: input.affiliation ?? null,
    explanation: explain(linked, targets, mentions, options, norm, words, span),
  };
}

/** What the model is trained on for one post: the candidate the any-target score comes from. */
export interface TrainingEvidence {
  /** Feature vector with text evidence left at 0 (training fills it out of fold). */
  readonly features: number[];
  /** Text terms of the post in order (place names left out). */
  readonly terms: readonly string[];
  /** True when the rules decide alone: no threat signal, or the strongest one vetoed (factor 0). */
  readonly ruleDecided: boolean;
  /** The rules' own score of the candidate. */
  readonly ruleScore: number;
}

/**
 * The model's view of a post for training: the same matching, linking and features as
 * {@link analyzePost}, for the candidate its any-target score comes from (best monitored target, else
 * the strongest signal).
 */
export function trainingEvidence(input: AnalyzerInput, analyzer: CompiledAnalyzer, stemCache: Map<string, string>): TrainingEvidence {
  const { stream, mentions, signals } = matchPost(input, analyzer);
  const linked: Linked[] = signals.map((signal) => ({ signal, link: linkSignal(signal, mentions, stream, analyzer) }));
  const facts = postFacts(stream, signals, mentions.length > 0, 0);
  const out = new Float64Array(MODEL_FEATURES.length);
  const terms = termsOf(stream, stemCache);
  const placed = bestPlaced(linked);
  if (placed) {
    writeFeatures(out, placed.best.signal, placed.rule, placed.phrases.size, stream, facts);
    return { features: Array.from(out), terms, ruleDecided: false, ruleScore: placed.rule };
  }
  const top = strongest(signals);
  writeFeatures(out, top ?? null, top?.effective ?? 0, distinctPhrases(signals), stream, facts);
  return { features: Array.from(out), terms, ruleDecided: !top || top.effective <= 0, ruleScore: roundScore(top?.effective ?? 0) };
}

function matchPost(input: AnalyzerInput, analyzer: CompiledAnalyzer) {
  const norm = normalizeText(input.text.length > MAX_TEXT ? input.text.slice(0, MAX_TEXT) : input.text);
  const { tokens, questionSentences } = tokenize(norm.text);
  const words = buildWords(tokens, analyzer);
  // Patterns never reach across a clause break (comma, full stop, "so"): it keeps `**` honest.
  const breaks = words.map((w, i) => i > 0 && w.clause !== words[i - 1]!.clause);
  const firstPass = analyzer.automaton.run(words.map((w) => w.keys), breaks);
  const mentions = findMentions(words, firstPass, analyzer);
  let stream: PostWord[] = words;
  let matches = firstPass;
  if (mentions.length > 0) {
    stream = collapseMentions(words, mentions);
    const collapsedBreaks = stream.map((w, i) => i > 0 && w.clause !== stream[i - 1]!.clause);
    matches = analyzer.automaton.run(stream.map((w) => w.keys), collapsedBreaks);
  }
  const signals = scoreSignals(stream, matches, questionSentences, analyzer);
  return { norm, words, stream, mentions, signals };
}

/** The model and what it needs of the current post (null: rules only). */
type Scorer = { readonly model: ThreatModel; readonly facts: PostFacts; readonly words: readonly PostWord[] } | null;

/** The calibrated score of one candidate, blended with the rule score as the config asks. */
function modelScore(scorer: NonNullable<Scorer>, signal: ScoredSignal, rule: number, phrases: number): number {
  const { model } = scorer;
  const x = writeFeatures(model.scratch, signal, rule, phrases, scorer.words, scorer.facts);
  const p = threatProbability(model, x);
  return model.blend * p + (1 - model.blend) * rule;
}

function distinctPhrases(signals: readonly ScoredSignal[]): number {
  let n = 0;
  for (let i = 0; i < signals.length; i++) {
    const id = signals[i]!.phrase.id;
    let seen = false;
    for (let j = 0; j < i; j++) if (signals[j]!.phrase.id === id) seen = true;
    if (!seen) n++;
  }
  return n;
}

interface PlaceEntry {
  best: Linked;
  score: number;
  phrases: Set<string>;
}

function byPlace(linked: readonly Linked[]): Map<string, PlaceEntry> {
  const out = new Map<string, PlaceEntry>();
  for (const item of linked) {
    const { signal, link } = item;
    if (!link || !link.mention.place.alertable || signal.effective <= 0) continue;
    const id = link.mention.place.rollupId;
    const s = signal.effective * link.factor;
    const entry = out.get(id);
    if (!entry) out.set(id, { best: item, score: s, phrases: new Set([signal.phrase.id]) });
    else {
      entry.phrases.add(signal.phrase.id);
      if (s > entry.score) Object.assign(entry, { best: item, score: s });
    }
  }
  return out;
}

/** The rules' score of a place entry: its best link-weighted signal plus the extra-phrase bonus. */
function ruleScoreOf(entry: PlaceEntry): number {
  return roundScore(entry.score + (entry.score > 0 ? EXTRA_SIGNAL_BONUS * Math.min(2, entry.phrases.size - 1) : 0));
}

function bestPlaced(linked: readonly Linked[]): (PlaceEntry & { rule: number }) | null {
  let top: (PlaceEntry & { rule: number }) | null = null;
  for (const entry of byPlace(linked).values()) {
    const rule = ruleScoreOf(entry);
    if (!top || rule > top.rule) top = { ...entry, rule };
  }
  return top;
}

function scoreTargets(linked: readonly Linked[], input: AnalyzerInput, analyzer: CompiledAnalyzer, scorer: Scorer): TargetedPlace[] {
  const targets: TargetedPlace[] = [];
  for (const [placeId, entry] of byPlace(linked)) {
    const rule = ruleScoreOf(entry);
    const base = scorer ? modelScore(scorer, entry.best.signal, rule, entry.phrases.size) : rule;
    const score = roundScore(base + (base > 0 && input.affiliation ? AFFILIATION_BONUS : 0));
    const link = entry.best.link!;
    targets.push({
      placeId,
      name: link.mention.place.rollupName,
      score,
      severity: severityOf(score, analyzer, entry.best.signal.phrase.category),
      category: entry.best.signal.phrase.category,
      linkedBy: link.how,
    });
  }
  return targets.sort(
    (a, b) => b.score - a.score || SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.placeId.localeCompare(b.placeId),
  );
}

function strongest(signals: readonly ScoredSignal[]): ScoredSignal | undefined {
  let top: ScoredSignal | undefined;
  for (const s of signals) if (!top || s.effective > top.effective) top = s;
  return top;
}

function spanOf(norm: NormalizedText, start: number, end: number): Span {
  const o = norm.toOriginal(start, end);
  return { start: o.start, end: o.end, text: norm.original.slice(o.start, o.end) };
}

function placeMention(m: Mention, norm: NormalizedText, words: readonly PostWord[]): PlaceMention {
  return {
    placeId: m.place.id,
    rollupPlaceId: m.place.rollupId,
    name: m.place.name,
    kind: m.kind,
    span: spanOf(norm, words[m.start]!.start, words[m.end - 1]!.end),
  };
}

function threatSignal(s: ScoredSignal, span: (a: number, b: number) => Span): ThreatSignal {
  return { phraseId: s.phrase.id, pattern: s.phrase.pattern, category: s.phrase.category, weight: s.phrase.weight, span: span(s.start, s.end) };
}

function modifierHits(signals: readonly ScoredSignal[], span: (a: number, b: number) => Span): ModifierHit[] {
  const seen = new Set<string>();
  const out: ModifierHit[] = [];
  for (const s of signals) {
    for (const h of s.modifiers) {
      const key = `${h.cue.kind}|${h.cue.pattern}|${h.start}|${h.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ kind: h.cue.kind, cue: h.cue.pattern, factor: h.cue.factor, span: span(h.start, h.end) });
    }
  }
  return out;
}

function explain(
  linked: readonly Linked[],
  targets: readonly TargetedPlace[],
  mentions: readonly Mention[],
  options: AnalyzeOptions,
  norm: NormalizedText,
  words: readonly PostWord[],
  span: (a: number, b: number) => Span,
): string {
  const mods = (s: ScoredSignal): string =>
    s.modifiers.length === 0 ? 'no modifiers' : `modifiers: ${s.modifiers.map((h) => `${h.cue.kind.replaceAll('_', ' ')} "${span(h.start, h.end).text}" ×${h.cue.factor}`).join(', ')}`;
  const top = targets[0];
  if (top) {
    const item = linked.find((l) => l.link?.mention.place.rollupId === top.placeId && l.signal.phrase.category === top.category)!;
    const mention = spanOf(norm, words[item.link!.mention.start]!.start, words[item.link!.mention.end - 1]!.end).text;
    return `${categoryLabel(top.category)} against ${top.name} ("${span(item.signal.start, item.signal.end).text}", ${item.link!.how} "${mention}"); ${mods(item.signal)}`;
  }
  if (linked.length === 0) {
    return mentions.length === 0 ? 'no threat language, no place named' : `no threat language; places named: ${[...new Set(mentions.map((m) => m.place.name))].join(', ')}`;
  }
  const strongestItem = linked.reduce((a, b) => (b.signal.effective > a.signal.effective ? b : a));
  const s = strongestItem.signal;
  const words_ = `"${span(s.start, s.end).text}"`;
  if (s.effective <= 0) return `${categoryLabel(s.phrase.category)} language ${words_} cancelled; ${mods(s)}`;
  const where = strongestItem.link
    ? `aimed at ${strongestItem.link.mention.place.name}, which is not monitored`
    : options.anyTarget
      ? 'scored without a place (any-target mode)'
      : 'no monitored place targeted';
  return `${categoryLabel(s.phrase.category)} language ${words_}, ${where}; ${mods(s)}`;
}
