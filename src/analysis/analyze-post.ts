import { SEVERITY_ORDER, type ThreatCategory } from '../config/index.js';
import { normalizeText, tokenize, type NormalizedText } from '../text/index.js';
import type { CompiledAnalyzer } from './compiled-types.js';
import { collapseMentions, findMentions, type Mention } from './place-mentions.js';
import { buildWords, type PostWord } from './post-words.js';
import { categoryLabel, roundScore, severityOf } from './severity.js';
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
 * each threat to its target and scores every monitored place it threatens. Pure and deterministic.
 *
 * @example analyzePost({ text: 'We will slaughter the people of Saraqib' }, analyzer).severity // 'critical'
 */
export function analyzePost(input: AnalyzerInput, analyzer: CompiledAnalyzer, options: AnalyzeOptions = {}): Analysis {
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
  const linked: Linked[] = signals.map((signal) => ({ signal, link: linkSignal(signal, mentions, stream, analyzer) }));
  const targets = scoreTargets(linked, input, analyzer);
  const span = (a: number, b: number): Span => spanOf(norm, stream[a]!.start, stream[b - 1]!.end);
  const best = targets[0];
  let score = best?.score ?? 0;
  let category: ThreatCategory | null = best?.category ?? null;
  if (options.anyTarget && !best) {
    const top = strongest(signals);
    if (top) {
      score = roundScore(top.effective);
      category = top.phrase.category;
    }
  }
  return {
    score,
    severity: severityOf(score, analyzer),
    category,
    targets,
    places: mentions.map((m) => placeMention(m, norm, words)),
    signals: signals.map((s) => threatSignal(s, span)),
    modifiers: modifierHits(signals, span),
    configVersion: analyzer.configVersion,
    modelVersion: analyzer.modelVersion,
    explanation: explain(linked, targets, mentions, options, norm, words, span),
  };
}

function scoreTargets(linked: readonly Linked[], input: AnalyzerInput, analyzer: CompiledAnalyzer): TargetedPlace[] {
  const byPlace = new Map<string, { best: Linked; score: number; phrases: Set<string> }>();
  for (const item of linked) {
    const { signal, link } = item;
    if (!link || !link.mention.place.alertable || signal.effective <= 0) continue;
    const id = link.mention.place.rollupId;
    const s = signal.effective * link.factor;
    const entry = byPlace.get(id);
    if (!entry) byPlace.set(id, { best: item, score: s, phrases: new Set([signal.phrase.id]) });
    else {
      entry.phrases.add(signal.phrase.id);
      if (s > entry.score) Object.assign(entry, { best: item, score: s });
    }
  }
  const targets: TargetedPlace[] = [];
  for (const [placeId, entry] of byPlace) {
    const bonus = EXTRA_SIGNAL_BONUS * Math.min(2, entry.phrases.size - 1) + (input.affiliation ? AFFILIATION_BONUS : 0);
    const score = roundScore(entry.score + (entry.score > 0 ? bonus : 0));
    const link = entry.best.link!;
    targets.push({
      placeId,
      name: link.mention.place.rollupName,
      score,
      severity: severityOf(score, analyzer),
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
