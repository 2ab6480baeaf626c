/**
 * A compiled matcher as plain data and integer arrays, and back. The automaton's tables are written
 * as they are; the match outputs share their place, phrase and cue records (a place's dozens of
 * spellings point at one record), so records are listed once and outputs refer to them by index,
 * and loading rebuilds the same sharing. Objects are rebuilt with the literals compilation uses, in
 * the same key order, so the matcher reads objects of the same shapes either way.
 */
import { FIRST_EDGE, FIRST_OUTPUT, NODE_STRIDE, WILD_CHILD } from './automaton-tables.js';
import type { CompiledMatcher } from './compile-analyzer.js';
import type { CueRecord, MatchOutput, PhraseRecord, PlaceRecord } from './compiled-types.js';
import { FuzzyIndex } from './fuzzy-index.js';
import { SortedVocabulary, vocabularyTableOf, type VocabularyTable } from './sorted-vocabulary.js';
import { TokenAutomaton } from './token-automaton.js';

/** The arrays of a snapshot, in the order they are written. */
export const SNAPSHOT_ARRAYS = ['rootChild', 'nodes', 'edges', 'outputs'] as const;
export type SnapshotArrays = Record<(typeof SNAPSHOT_ARRAYS)[number], Int32Array>;

/** Everything but the vocabulary and the integer arrays, as JSON. */
export interface SnapshotHeader {
  readonly places: Array<[id: string, name: string, rollupId: string, rollupName: string, alertable: boolean]>;
  readonly phrases: PhraseRecord[];
  readonly cues: CueRecord[];
  /** One per output: ['p', place, demonym, singleCommonWord, bySkeleton], ['f', side], ['t', phrase], ['c', cue]. */
  readonly outputs: EncodedOutput[];
  readonly specialCues: Array<[name: string, cue: number]>;
  readonly fuzzyWords: Array<readonly [string, string]>;
  readonly fuzzyExclude: string[];
  readonly vocatives: string[];
  readonly anaphora: string[];
  readonly clauseBreaks: string[];
}

type EncodedOutput = ['p', number, boolean, boolean, boolean] | ['f', 'before' | 'after'] | ['t', number] | ['c', number];

/** A matcher as plain data: the vocabulary (every key some pattern uses, sorted, with its key ids) apart, being most of it. */
export interface Snapshot {
  readonly header: SnapshotHeader;
  readonly vocabulary: VocabularyTable;
  readonly arrays: SnapshotArrays;
}

/** The matcher as a header, its vocabulary and its arrays. */
export function snapshotOf(matcher: CompiledMatcher): Snapshot {
  const places = new Table<PlaceRecord>();
  const phrases = new Table<PhraseRecord>();
  const cues = new Table<CueRecord>();
  const outputs = matcher.outputs.map((o): EncodedOutput => {
    switch (o.type) {
      case 'place':
        return ['p', places.indexOf(o.place), o.demonym, o.singleCommonWord, o.bySkeleton];
      case 'frame':
        return ['f', o.side];
      case 'threat':
        return ['t', phrases.indexOf(o.phrase)];
      case 'cue':
        return ['c', cues.indexOf(o.cue)];
    }
  });
  const specialCues = [...matcher.specialCues].map(([name, cue]): [string, number] => [name, cues.indexOf(cue)]);
  const { tables } = matcher.automaton;
  const header: SnapshotHeader = {
    places: places.items.map((p) => [p.id, p.name, p.rollupId, p.rollupName, p.alertable]),
    phrases: phrases.items,
    cues: cues.items,
    outputs,
    specialCues,
    fuzzyWords: matcher.fuzzy.words(),
    fuzzyExclude: [...matcher.fuzzy.exclude],
    vocatives: [...matcher.vocatives],
    anaphora: [...matcher.anaphora],
    clauseBreaks: [...matcher.clauseBreaks],
  };
  return {
    header,
    vocabulary: vocabularyTableOf(tables.keyIds),
    arrays: { rootChild: tables.rootChild, nodes: tables.nodes, edges: tables.edges, outputs: tables.outputs },
  };
}

/**
 * The matcher a snapshot holds. Throws on indices out of range, so a damaged snapshot fails here
 * rather than while matching a post.
 */
export function matcherFromSnapshot({ header, vocabulary, arrays }: Snapshot): CompiledMatcher {
  checkArrays(header, vocabulary.ids.length, arrays);
  const places = header.places.map(([id, name, rollupId, rollupName, alertable]): PlaceRecord => ({ id, name, rollupId, rollupName, alertable }));
  const phrases = header.phrases.map((p): PhraseRecord => ({
    id: p.id,
    pattern: p.pattern,
    language: p.language,
    category: p.category,
    weight: p.weight,
    selfTargeting: p.selfTargeting,
    needsNegation: p.needsNegation,
    deprivation: p.deprivation ?? false,
  }));
  const cues = header.cues.map((c): CueRecord => ({
    kind: c.kind,
    pattern: c.pattern,
    factor: c.factor,
    window: c.window,
    direction: c.direction,
    scope: c.scope,
    cancels: c.cancels,
  }));
  const outputs = header.outputs.map((o): MatchOutput => {
    switch (o[0]) {
      case 'p':
        return { type: 'place', place: at(places, o[1]), demonym: o[2], singleCommonWord: o[3], bySkeleton: o[4] };
      case 'f':
        return { type: 'frame', side: o[1] };
      case 't':
        return { type: 'threat', phrase: at(phrases, o[1]) };
      case 'c':
        return { type: 'cue', cue: at(cues, o[1]) };
      default:
        throw new Error(`unknown output type ${JSON.stringify(o[0])}`);
    }
  });
  // Searched, not hashed, until the process has looked up many keys (see SortedVocabulary).
  const keyIds = new SortedVocabulary(vocabulary);
  return {
    automaton: new TokenAutomaton({ keyIds, ...arrays }, keyIds),
    outputs,
    fuzzy: new FuzzyIndex(header.fuzzyWords, new Set(header.fuzzyExclude)),
    specialCues: new Map(header.specialCues.map(([name, cue]) => [name, at(cues, cue)])),
    vocatives: new Set(header.vocatives),
    anaphora: new Set(header.anaphora),
    clauseBreaks: new Set(header.clauseBreaks),
  };
}

/** Every node, key and output index the arrays hold is in range (the matcher reads them unchecked). */
function checkArrays(header: SnapshotHeader, keyCount: number, { rootChild, nodes, edges, outputs }: SnapshotArrays): void {
  const nodeCount = nodes.length / NODE_STRIDE - 1;
  const fail = (what: string): never => {
    throw new Error(`snapshot ${what} out of range`);
  };
  if (!Number.isInteger(nodeCount) || nodeCount < 1 || rootChild.length !== keyCount) fail('table sizes');
  for (const child of rootChild) if (child < -1 || child >= nodeCount) fail('root edge');
  for (let i = 0; i < edges.length; i += 2) if (edges[i]! < 0 || edges[i]! >= rootChild.length || edges[i + 1]! < 0 || edges[i + 1]! >= nodeCount) fail('edge');
  for (const output of outputs) if (output < 0 || output >= header.outputs.length) fail('output');
  for (let n = 0; n <= nodeCount; n++) {
    const at = n * NODE_STRIDE;
    const edge = nodes[at + FIRST_EDGE]!;
    const output = nodes[at + FIRST_OUTPUT]!;
    const wild = n < nodeCount ? nodes[at + WILD_CHILD]! : -1;
    if (edge < 0 || edge > edges.length || output < 0 || output > outputs.length || wild < -1 || wild >= nodeCount) fail('node');
    if (n > 0 && (edge < nodes[at - NODE_STRIDE + FIRST_EDGE]! || output < nodes[at - NODE_STRIDE + FIRST_OUTPUT]!)) fail('node range');
  }
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`snapshot record ${index} out of range`);
  return item;
}

/** Records numbered by first appearance, each once however many outputs share it. */
class Table<T extends object> {
  readonly items: T[] = [];
  private readonly index = new Map<T, number>();

  indexOf(item: T): number {
    let i = this.index.get(item);
    if (i === undefined) {
      i = this.items.push(item) - 1;
      this.index.set(item, i);
    }
    return i;
  }
}
