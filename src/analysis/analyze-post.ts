import { SEVERITY_ORDER, type Severity, type ThreatCategory } from '../config/index.js';
import { normalizeText, tokenize, type NormalizedText } from '../text/index.js';
import type { CompiledAnalyzer, MatchOutput, PlaceRecord } from './compiled-types.js';
import { collapseMentions, findMentions, type Mention } from './place-mentions.js';
import { OUTPUT_CUE, outputKinds } from './output-kinds.js';
import { TARGET_KEY } from './pattern-compiler.js';
import { buildWords, type PostWord } from './post-words.js';
import { datelineLength } from './dateline.js';
import { categoryLabel, roundScore, severityOf } from './severity.js';
import { scorerOf, shadowOf } from './model/analyzer-models.js';
import { linkSignals, placeCandidates, placelessFeatures, unlinkedSignals, type LinkedSignal, type ScoredCandidate } from './model/place-candidates.js';
import { hasMenaceEmoji, type CueMention, type PlaceCandidate, type PostReading } from './model/place-features.js';
import type { TargetLink } from './target-linking.js';
import type { CandidateScore, ThreatScorer } from './model/threat-scorer.js';
import { scoreSignals, type ScoredSignal } from './threat-signals.js';
import { EXPLICIT_MIN_PROBABILITY, IMPOSED_MIN_PROBABILITY, explicitThreatKind, isNegatedOnly, isProtectedOnly } from './explicit-threat.js';
import type { Analysis, AnalyzeOptions, AnalyzerInput, ModifierHit, PlaceMention, ShadowScores, Span, TargetedPlace, ThreatSignal } from './types.js';

/** Posts longer than this are cut: bounded work per post whatever an attacker sends. */
const MAX_TEXT = 20_000;
/** Each further distinct threat phrase against the same place adds this much, up to two (rules only). */
const EXTRA_SIGNAL_BONUS = 0.05;
/** A source with a known affiliation (config) raises priority by this much. */
const AFFILIATION_BONUS = 0.05;

/**
 * Analyzes one post: reads it (normalization, places, threat phrases and cues in one automaton pass,
 * modifiers in scope), links each threat phrase to its target, and scores every monitored place the
 * post names. With a scorer loaded (the default), a place's score is the scorer's calibrated
 * P(the post threatens this place or its people), from the text, the grammar's signals and how the
 * place is named; without one (`model.file: null`) it is the rules' score of the best phrase linked to
 * it. A place scoring below the lowest severity cut is no target. Pure and deterministic.
 *
 * @example analyzePost({ text: 'We will slaughter the people of Saraqib' }, analyzer).severity // 'critical'
 */
export function analyzePost(input: AnalyzerInput, analyzer: CompiledAnalyzer, options: AnalyzeOptions = {}): Analysis {
  const { norm, words, stream, mentions, signals, cues, datelineWords } = readPost(input, analyzer);
  const reading: PostReading = { text: norm.text, stream, mentions, signals, cues };
  const linked = linkSignals(reading, analyzer);
  const span = (a: number, b: number): Span => spanOf(norm, stream[a]!.start, stream[b - 1]!.end);
  const scorer = scorerOf(analyzer);
  const shadow = shadowOf(analyzer);
  // The places the post names, read once for the scorer and the shadow scorer alike.
  const candidates = scorer || shadow ? placeCandidates(reading, linked) : [];
  const scored = scorer
    ? modelTargets(scorer, reading, candidates, linked, input, analyzer, options, datelineWords > 0)
    : ruleTargets(linked, input, analyzer, options);
  const top = scored.targets[0];
  const score = top?.score ?? roundScore(scored.fallback?.probability ?? 0);
  const category: ThreatCategory | null = top?.category ?? (options.anyTarget ? (scored.fallback?.category ?? null) : null);
  return new PostAnalysis(
    {
      score,
      severity: top?.severity ?? severityOf(options.anyTarget ? score : 0, analyzer, category),
      category,
      targets: scored.targets,
      places: mentions.map((m) => placeMention(m, norm, words)),
      signals: signals.map((s) => threatSignal(s, span)),
      modifiers: modifierHits(signals, span),
      configVersion: analyzer.configVersion,
      modelVersion: scorer?.version ?? analyzer.modelVersion,
      affiliation: input.affiliation ?? null,
    },
    // A post with no target and no threat phrase is explained by its place names alone: written now,
    // the words and normalized text it was read from are garbage at once instead of living (through
    // the closure) as long as its batch, which made most young objects survive their first collection.
    scored.targets.length === 0 && linked.length === 0
      ? plainExplanation(mentions)
      : () => explain(linked, scored.targets, mentions, options, norm, words, span),
    shadow ? shadowScores(shadow, reading, candidates) : undefined,
  );
}

/** An analysis but its explanation, and who it is about. */
type AnalysisFields = Omit<Analysis, 'explanation' | 'shadow' | 'affiliation'> & { readonly affiliation: string | null };

/**
 * An analysis whose explanation is written when first read (most posts are never shown to anyone, and
 * the sentence costs as much as scoring), yet an own enumerable property like the others, so that JSON
 * and spreads carry it. A getter in an object literal put every analysis in dictionary mode and cost
 * more than building the rest of it; one accessor shared by all of them keeps them fast.
 */
class PostAnalysis implements Analysis {
  static readonly #explanationProperty: PropertyDescriptor = {
    get(this: PostAnalysis): string {
      return PostAnalysis.#explanationOf(this);
    },
    enumerable: true,
    configurable: true,
  };

  static #explanationOf(analysis: PostAnalysis): string {
    if (typeof analysis.#explanation === 'function') analysis.#explanation = analysis.#explanation();
    return analysis.#explanation;
  }

  // Own properties in the order analyses have always had: explanation after affiliation, shadow last.
  readonly score: number;
  readonly severity: Severity;
  readonly category: ThreatCategory | null;
  readonly targets: readonly TargetedPlace[];
  readonly places: readonly PlaceMention[];
  readonly signals: readonly ThreatSignal[];
  readonly modifiers: readonly ModifierHit[];
  readonly configVersion: string;
  readonly modelVersion: string;
  readonly affiliation: string | null;
  declare readonly explanation: string;
  declare readonly shadow?: ShadowScores;
  #explanation: string | (() => string);

  constructor(fields: AnalysisFields, explain: string | (() => string), shadow: ShadowScores | undefined) {
    this.score = fields.score;
    this.severity = fields.severity;
    this.category = fields.category;
    this.targets = fields.targets;
    this.places = fields.places;
    this.signals = fields.signals;
    this.modifiers = fields.modifiers;
    this.configVersion = fields.configVersion;
    this.modelVersion = fields.modelVersion;
    this.affiliation = fields.affiliation;
    this.#explanation = explain;
    Object.defineProperty(this, 'explanation', PostAnalysis.#explanationProperty);
    if (shadow) this.shadow = shadow;
  }
}

/** What the matcher read of a post: normalized text, words, the place-collapsed stream, mentions and threat signals. */
export type ReadPost = ReturnType<typeof readPost>;

/**
 * Reads a post: normalizes, matches places, threat phrases and cues in one automaton pass (a second
 * pass over the place-collapsed words when places were named) and applies the modifiers in scope.
 */
export function readPost(input: AnalyzerInput, analyzer: CompiledAnalyzer) {
  const norm = normalizeText(input.text.length > MAX_TEXT ? input.text.slice(0, MAX_TEXT) : input.text);
  const { tokens, questionSentences } = tokenize(norm.text);
  const words = buildWords(tokens, analyzer);
  // Patterns never reach across a clause break (comma, full stop, "so"): it keeps `**` honest.
  const firstPass = analyzer.automaton.match(words);
  const original = (start: number, end: number): string => {
    const o = norm.toOriginal(start, end);
    return norm.original.slice(o.start, o.end);
  };
  const mentions = findMentions(words, firstPass, analyzer, original);
  let stream: PostWord[] = words;
  let matches = firstPass;
  if (mentions.length > 0) {
    stream = collapseMentions(words, mentions);
    // The stream is the words themselves up to the first mention: the run resumes there.
    matches = analyzer.automaton.rematch(stream, firstPass, mentions[0]!.start);
  }
  // A news dateline ("IDLIB — 3 March:") frames the whole post as a report, for the rules and the model alike.
  const dateline = analyzer.specialCues.get('@dateline');
  const datelineChars = dateline ? datelineLength(norm.text) : 0;
  let datelineWords = 0;
  while (datelineChars > 0 && datelineWords < stream.length && stream[datelineWords]!.start < datelineChars) datelineWords++;
  const signals = scoreSignals(stream, matches, questionSentences, analyzer, datelineWords);
  // Every modifier cue in the post, wherever it sits: frames (news, condemnation, protection, past)
  // tell the model about posts that name a place without any threat phrase.
  const cues: CueMention[] = [];
  if (dateline && datelineWords > 0) cues.push({ kind: dateline.kind, start: 0, end: datelineWords });
  const kinds = outputKinds(analyzer.outputs);
  for (const m of matches) {
    if (kinds[m.output] !== OUTPUT_CUE) continue;
    const out = analyzer.outputs[m.output] as CueOutput;
    cues.push({ kind: out.cue.kind, start: m.start, end: m.end });
  }
  return { norm, words, stream, mentions, signals, cues, datelineWords };
}

type CueOutput = Extract<MatchOutput, { type: 'cue' }>;

/** Targets of a post, and the best score short of a target (shown as the post's score, any-target mode). */
interface ScoredTargets {
  readonly targets: TargetedPlace[];
  readonly fallback: CandidateScore | null;
}

/** Scores every place the post names with the scorer; monitored ones at or above the lowest cut become targets. */
function modelTargets(
  scorer: ThreatScorer,
  reading: PostReading,
  candidates: readonly ScoredCandidate[],
  linked: readonly LinkedSignal[],
  input: AnalyzerInput,
  analyzer: CompiledAnalyzer,
  options: AnalyzeOptions,
  newsDateline = false,
): ScoredTargets {
  if (candidates.length === 0) {
    return { targets: [], fallback: options.anyTarget ? scorer.scorePlaceless(placelessFeatures(reading)) : null };
  }
  const scores = scorer.score(candidates, reading);
  const blend = analyzer.thresholds.model?.weight ?? 1;
  const lowestCut = analyzer.severityCuts[analyzer.severityCuts.length - 1]![1];
  // Whether the grammar found anything at all: a harm phrase (live or cancelled) or a frame cue.
  const grammar = reading.signals.length > 0 || (reading.cues?.length ?? 0) > 0;
  // A post that is nothing but place names ("#Saraqib", "ahl saraqib") says nothing about them;
  // emoji of death or weapons after a name do ("سرمين ⏳ ⚰️ ⚰️"): the model reads them.
  const saysSomething = reading.stream.some((w) => w.keys[0] !== TARGET_KEY) || hasMenaceEmoji(reading.text);
  const withoutGrammar = analyzer.thresholds.severity.without_grammar;
  const explicitFloor = analyzer.thresholds.severity.explicit_threat;
  const unlinked = unlinkedSignals(linked);
  const targets: TargetedPlace[] = [];
  let bestMonitored: CandidateScore | null = null;
  let bestAny: CandidateScore | null = null;
  candidates.forEach((candidate, i) => {
    const s = scores[i]!;
    if (!bestAny || s.probability > bestAny.probability) bestAny = s;
    if (!candidate.place.alertable) return;
    if (!bestMonitored || s.probability > bestMonitored.probability) bestMonitored = s;
    let base = blend * s.probability + (1 - blend) * ruleScoreOf(candidate);
    // A post that opens with a news dateline reports what it relates, threats included: the model,
    // which has seen few wire items, reads only their words, so the frame caps the place here.
    if (!saysSomething || newsDateline || isNegatedOnly(candidate, unlinked, reading) || isProtectedOnly(candidate, reading))
      base = Math.min(base, lowestCut - 0.01);
    if (explicitFloor !== null && !newsDateline && base < explicitFloor && s.probability >= IMPOSED_MIN_PROBABILITY) {
      const kind = explicitThreatKind(candidate, reading, unlinked, candidates.length === 1);
      if (kind === 'imposed' || (kind === 'grave' && s.probability >= EXPLICIT_MIN_PROBABILITY)) base = explicitFloor;
    }
    const score = roundScore(base + (base > 0 && input.affiliation ? AFFILIATION_BONUS : 0));
    if (score < lowestCut || (!grammar && score < withoutGrammar)) return;
    const severity = severityOf(score, analyzer, s.category);
    targets.push({ placeId: candidate.rollupId, name: candidate.place.rollupName, score, severity, category: s.category, linkedBy: linkedByOf(candidate) });
  });
  return { targets: sortTargets(targets), fallback: options.anyTarget ? bestAny : bestMonitored };
}

/** The rules' score of a place: its best link-weighted phrase plus a bonus per further distinct phrase. */
function ruleScoreOf(candidate: Pick<PlaceCandidate, 'links'>): number {
  let best = 0;
  const phrases = new Set<string>();
  for (const { signal, link } of candidate.links) {
    best = Math.max(best, signal.effective * link.factor);
    phrases.add(signal.phrase.id);
  }
  return roundScore(best + (best > 0 ? EXTRA_SIGNAL_BONUS * Math.min(2, phrases.size - 1) : 0));
}

/** Rules only (`model.file: null`): a place's score is the rules' score of the phrases linked to it. */
function ruleTargets(linked: readonly LinkedSignal[], input: AnalyzerInput, analyzer: CompiledAnalyzer, options: AnalyzeOptions): ScoredTargets {
  const byPlace = new Map<string, { place: PlaceRecord; links: Array<{ signal: ScoredSignal; link: TargetLink }> }>();
  for (const { signal, link } of linked) {
    if (!link || !link.mention.place.alertable || signal.effective <= 0) continue;
    const id = link.mention.place.rollupId;
    const entry = byPlace.get(id) ?? { place: link.mention.place, links: [] };
    entry.links.push({ signal, link });
    byPlace.set(id, entry);
  }
  const targets: TargetedPlace[] = [];
  for (const [placeId, entry] of byPlace) {
    const rule = ruleScoreOf(entry);
    const score = roundScore(rule + (rule > 0 && input.affiliation ? AFFILIATION_BONUS : 0));
    const best = entry.links.reduce((a, b) => (b.signal.effective * b.link.factor > a.signal.effective * a.link.factor ? b : a));
    const category = best.signal.phrase.category;
    const severity = severityOf(score, analyzer, category);
    if (severity !== 'none') targets.push({ placeId, name: entry.place.rollupName, score, severity, category, linkedBy: best.link.how });
  }
  const top = strongest(linked.map((l) => l.signal));
  const fallback = options.anyTarget && top && top.effective > 0 ? { probability: top.effective, category: top.phrase.category } : null;
  return { targets: sortTargets(targets), fallback };
}

function sortTargets(targets: TargetedPlace[]): TargetedPlace[] {
  return targets.sort(
    (a, b) => b.score - a.score || SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.placeId.localeCompare(b.placeId),
  );
}

/** Why a place counts as the threat's target: the best linked phrase's link, else how it is named. */
function linkedByOf(candidate: ScoredCandidate): string {
  let best: string | null = null;
  let bestScore = 0;
  for (const { signal, link } of candidate.links) {
    const s = signal.effective * link.factor;
    if (s > bestScore) [best, bestScore] = [link.how, s];
  }
  if (best) return best;
  if (candidate.mentions.some((m) => m.vocative)) return 'direct address';
  const kinds = new Set(candidate.mentions.map((m) => m.kind));
  if (kinds.has('people_of') || kinds.has('demonym')) return 'its people named';
  if (kinds.has('hashtag')) return 'hashtag';
  return 'named in the post';
}

/** The shadow scorer's view of the same post: recorded for comparison, never alerting. */
function shadowScores(shadow: ThreatScorer, reading: PostReading, all: readonly ScoredCandidate[]): ShadowScores {
  const candidates = all.filter((c) => c.place.alertable);
  const scores = shadow.score(candidates, reading);
  return {
    modelVersion: shadow.version,
    targets: candidates.map((c, i) => ({ placeId: c.rollupId, score: roundScore(scores[i]!.probability), category: scores[i]!.category })),
  };
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

/**
 * One line a reviewer reads first: what kind of threat against which place, how sure, the words that
 * carry it and how the place is tied to them, and every modifier cue found in the post (the same cues
 * the evidence view highlights).
 */
function explain(
  linked: readonly LinkedSignal[],
  targets: readonly TargetedPlace[],
  mentions: readonly Mention[],
  options: AnalyzeOptions,
  norm: NormalizedText,
  words: readonly PostWord[],
  span: (a: number, b: number) => Span,
): string {
  const cues = [...new Map(linked.flatMap((l) => l.signal.modifiers).map((h) => [`${h.cue.kind}|${h.start}`, h])).values()];
  const mods =
    cues.length === 0
      ? 'no modifiers'
      : `modifiers: ${cues.map((h) => `${h.cue.kind.replaceAll('_', ' ')} "${span(h.start, h.end).text}" ×${h.cue.factor}`).join(', ')}`;
  const mentionText = (m: Mention): string => spanOf(norm, words[m.start]!.start, words[m.end - 1]!.end).text;
  const top = targets[0];
  if (top) {
    const item = linked.find((l) => l.link?.mention.place.rollupId === top.placeId && l.signal.effective > 0);
    const sure = `P=${top.score.toFixed(2)}`;
    if (item)
      return `${categoryLabel(top.category)} against ${top.name} (${sure}; "${span(item.signal.start, item.signal.end).text}", ${item.link!.how} "${mentionText(item.link!.mention)}"); ${mods}`;
    const named = mentions.find((m) => m.place.rollupId === top.placeId)!;
    return `${categoryLabel(top.category)} against ${top.name} (${sure}; from the wording around "${mentionText(named)}", ${top.linkedBy}); ${mods}`;
  }
  if (linked.length === 0) return plainExplanation(mentions);
  const strongestItem = linked.reduce((a, b) => (b.signal.effective > a.signal.effective ? b : a));
  const s = strongestItem.signal;
  const phrase = `"${span(s.start, s.end).text}"`;
  if (s.effective <= 0) return `${categoryLabel(s.phrase.category)} language ${phrase} cancelled; ${mods}`;
  const where = strongestItem.link
    ? strongestItem.link.mention.place.alertable
      ? `near ${strongestItem.link.mention.place.name}, judged not a threat against it`
      : `aimed at ${strongestItem.link.mention.place.name}, which is not monitored`
    : options.anyTarget
      ? 'scored without a place (any-target mode)'
      : 'no monitored place targeted';
  return `${categoryLabel(s.phrase.category)} language ${phrase}, ${where}; ${mods}`;
}

/** The explanation of a post without target or threat phrase: the places it names, if any. */
function plainExplanation(mentions: readonly Mention[]): string {
  return mentions.length === 0
    ? 'no threat language, no place named'
    : `no threat found; places named: ${[...new Set(mentions.map((m) => m.place.name))].join(', ')}`;
}
