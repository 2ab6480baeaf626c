import type { CompiledAnalyzer, PlaceRecord } from '../compiled-types.js';
import type { Mention } from '../place-mentions.js';
import type { PostWord } from '../post-words.js';
import { linkSignal, type TargetLink } from '../target-linking.js';
import type { ScoredSignal } from '../threat-signals.js';
import {
  candidateFeatures,
  FeatureArena,
  FeatureSink,
  LONG_POST_WORDS,
  materialize,
  postFeatureParts,
  postFeatures,
  postWordFeatures,
  scopeOf,
  type FeatureParts,
  type PlaceCandidate,
  type PostReading,
} from './place-features.js';

/** A place the post names, with what the classifier needs to score it. */
export interface ScoredCandidate extends PlaceCandidate {
  readonly place: PlaceRecord;
  /**
   * Hashed features: the post's own followed by this candidate's; valid until the next post is read
   * (copy to keep). Laid out when first read: the shipped scorer sums `parts` instead.
   */
  readonly features: Int32Array;
  /** The same features split for a linear scorer (see {@link FeatureParts}); valid until the next post is read. */
  readonly parts: FeatureParts;
}

/** One buffer to build features in and one to keep them, for every post: analysis runs on one thread. */
const scratch = new FeatureSink();
const arena = new FeatureArena();

/** A candidate whose full feature list is laid out only if someone reads it (training, the category model, other scorers). */
class Candidate implements ScoredCandidate {
  private laidOut: Int32Array | null = null;

  constructor(
    readonly rollupId: string,
    readonly mentions: readonly Mention[],
    readonly links: ReadonlyArray<{ readonly signal: ScoredSignal; readonly link: TargetLink }>,
    readonly vetoed: readonly ScoredSignal[],
    readonly place: PlaceRecord,
    readonly parts: FeatureParts,
  ) {}

  get features(): Int32Array {
    if (!this.laidOut) {
      scratch.length = 0;
      materialize(this.parts.words, this.parts.rest, scratch);
      this.laidOut = arena.keep(scratch);
    }
    return this.laidOut;
  }
}

/** A threat signal and the mention it is aimed at (null: not linked to any place). */
export interface LinkedSignal {
  readonly signal: ScoredSignal;
  readonly link: TargetLink | null;
}

/** The live threat signals aimed at no place the post names. */
export function unlinkedSignals(linked: readonly LinkedSignal[]): ScoredSignal[] {
  return linked.filter((l) => !l.link && l.signal.effective > 0).map((l) => l.signal);
}

/** Links every live threat signal of a post to the mention it is aimed at. */
export function linkSignals(reading: PostReading, analyzer: CompiledAnalyzer): LinkedSignal[] {
  return reading.signals.map((signal) => ({ signal, link: linkSignal(signal, reading.mentions as Mention[], reading.stream as PostWord[], analyzer) }));
}

/**
 * The places a post names, one candidate per place it rolls up to (a village counts for its town),
 * in order of first mention, each with its hashed features. Unmonitored places are candidates too:
 * a threat aimed at them must not be pinned on a monitored town named beside them.
 */
export function placeCandidates(reading: PostReading, linked: readonly LinkedSignal[]): ScoredCandidate[] {
  const byPlace = new Map<
    string,
    { place: PlaceRecord; mentions: Mention[]; links: Array<{ signal: ScoredSignal; link: TargetLink }>; vetoed: ScoredSignal[] }
  >();
  for (const m of reading.mentions) {
    const id = m.place.rollupId;
    const entry = byPlace.get(id);
    if (entry) entry.mentions.push(m);
    else byPlace.set(id, { place: m.place, mentions: [m], links: [], vetoed: [] });
  }
  if (byPlace.size === 0) return [];
  for (const { signal, link } of linked) {
    if (!link) continue;
    const entry = byPlace.get(link.mention.place.rollupId);
    if (signal.effective > 0) entry?.links.push({ signal, link });
    else entry?.vetoed.push(signal);
  }
  // One place: the whole post speaks of it. Several: each is read in the clauses that speak of it.
  const perWord = postWordFeatures(reading);
  arena.reset();
  const sink = scratch;
  sink.length = 0;
  const shared = postFeatureParts(reading, sink, null, perWord);
  const sharedRest = arena.keep(sink);
  const unlinked = unlinkedSignals(linked);
  const out: ScoredCandidate[] = [];
  for (const [rollupId, entry] of byPlace) {
    const otherLinked = linked.some((l) => l.link && l.signal.effective > 0 && l.link.mention.place.rollupId !== rollupId);
    const candidate: PlaceCandidate = { rollupId, mentions: entry.mentions, links: entry.links, vetoed: entry.vetoed };
    // A long post is read, for each place, in its clauses and those with a threat phrase aimed at no
    // place ("…We held the line for years… we will slaughter everyone who stood in that square").
    const long = reading.stream.length >= LONG_POST_WORDS;
    const scope = byPlace.size > 1 || long ? scopeOf(candidate, reading.stream, long ? unlinked : [], long) : null;
    sink.length = 0;
    let words = shared.words;
    let ownCount = shared.ownCount;
    if (scope) ({ words, ownCount } = postFeatureParts(reading, sink, scope, perWord));
    else sink.pushAll(sharedRest);
    candidateFeatures(reading, candidate, byPlace.size - 1, otherLinked, sink);
    const rest = arena.keep(sink);
    const parts: FeatureParts = { words, rest, count: ownCount + rest.length };
    out.push(new Candidate(rollupId, entry.mentions, entry.links, entry.vetoed, entry.place, parts));
  }
  return out;
}

/** The features of a post that names no place (training on place-less threat data); valid until the next post is read. */
export function placelessFeatures(reading: PostReading): Int32Array {
  arena.reset();
  const sink = scratch;
  sink.length = 0;
  postFeatures(reading, sink);
  return arena.keep(sink);
}
