/**
 * One token-level automaton for every pattern of a config: place names, threat phrases and modifier
 * cues. It is a trie over word keys whose nodes may be shared by the alternatives of a slot
 * ("kill|murder them" shares the node after the verb); insertion copies a shared node before changing
 * it, so sharing never leaks one pattern's words into another. Matching walks the trie once per token
 * with the set of live states, so its cost depends on the words of the post, not on how many places
 * or phrases the config holds. `freeze` flattens the trie into integer arrays (see automaton-tables.ts).
 */
import { childFor, FIRST_EDGE, FIRST_OUTPUT, flattenTrie, GOES_ON, NODE_STRIDE, WILD_CHILD, type AutomatonTables, type TrieNode } from './automaton-tables.js';

/** Live states a run keeps at most by default: past it, new ones are dropped (bounded work per post). */
const DEFAULT_MAX_STATES = 256;

/** Matches any single token (`*` in the pattern language). */
export const WILDCARD = '\u0000*';

/** One position of a compiled pattern: the keys it accepts, or any word. */
export type Slot = ReadonlySet<string> | typeof WILDCARD;

/** The keys some pattern uses, as the word readers ask about them: whether one is, and all of them (in any order). */
export interface Vocabulary extends Iterable<string> {
  has(key: string): boolean;
}

/** Builds the automaton; `add` many patterns, then `freeze` once. */
export class TokenAutomatonBuilder {
  /** Every node, numbered as created (`id`); nodes are never dropped, only copied, so all stay reachable. */
  private readonly nodes: TrieNode[] = [];
  private readonly root = this.newNode();
  /** Every key any pattern uses, numbered in the order first seen: the trie's edges carry these numbers. */
  private keyIds = new Map<string, number>();
  /** Set by `freeze`, whose automaton holds `keyIds`: the next new key copies the map first. */
  private keyIdsFrozen = false;
  /**
   * A slot's keys as numbers, by slot. The expansions of one pattern, and patterns that share an
   * option, share their slot objects: a verb's hundreds of inflected keys are looked up once, not
   * once per expansion (compiling used to spend most of its time hashing the same strings again).
   */
  private readonly slotIds = new WeakMap<ReadonlySet<string>, Int32Array>();

  /** Adds one expanded pattern (a sequence of slots) that reports `output` when matched. */
  add(slots: readonly Slot[], output: number): void {
    if (slots.length === 0) return;
    // Outputs are stored in an Int32Array once frozen.
    if (!Number.isInteger(output) || output < 0 || output > 0x7fffffff) throw new RangeError(`automaton output must be an index, got ${output}`);
    const ids = slots.map((slot) => (slot === WILDCARD ? null : this.idsOf(slot)));
    this.insert(this.root, ids, 0, output);
  }

  /** The finished automaton: a snapshot, later `add`s do not reach it (they copy the key map it keeps). */
  freeze(): TokenAutomaton {
    this.keyIdsFrozen = true;
    return new TokenAutomaton(flattenTrie(this.nodes, this.keyIds), new KeySet(this.keyIds));
  }

  /** A slot's key ids, numbering the keys not seen before (the slot's own order, as the vocabulary's). */
  private idsOf(slot: ReadonlySet<string>): Int32Array {
    let ids = this.slotIds.get(slot);
    if (!ids) {
      ids = new Int32Array(slot.size);
      let i = 0;
      for (const key of slot) {
        let id = this.keyIds.get(key);
        if (id === undefined) {
          if (this.keyIdsFrozen) {
            this.keyIds = new Map(this.keyIds);
            this.keyIdsFrozen = false;
          }
          id = this.keyIds.size;
          this.keyIds.set(key, id);
        }
        ids[i++] = id;
      }
      this.slotIds.set(slot, ids);
    }
    return ids;
  }

  /** Inserts slots[i..] below `node`; a null slot is the wildcard. */
  private insert(node: TrieNode, slots: readonly (Int32Array | null)[], i: number, output: number): void {
    if (i === slots.length) {
      (node.outputs ??= []).push(output);
      return;
    }
    const slot = slots[i];
    if (!slot) {
      if (!node.wild) {
        node.wild = this.newNode();
        node.wild.refs = 1;
      } else if (node.wild.refs > 1) {
        const copy = this.copyNode(node.wild);
        node.wild.refs--;
        copy.refs = 1;
        node.wild = copy;
      }
      this.insert(node.wild, slots, i + 1, output);
      return;
    }
    const edges = (node.edges ??= new Map());
    if (slot.length === 1) {
      this.insertOne(edges, slot[0]!, slots, i, output);
      return;
    }
    const fresh: number[] = [];
    const byChild = new Map<TrieNode, number[]>();
    for (const key of slot) {
      const child = edges.get(key);
      if (!child) fresh.push(key);
      else {
        const list = byChild.get(child);
        if (list) list.push(key);
        else byChild.set(child, [key]);
      }
    }
    if (fresh.length > 0) {
      const child = this.newNode();
      child.refs = fresh.length;
      for (const key of fresh) edges.set(key, child);
      this.insert(child, slots, i + 1, output);
    }
    for (const [child, keys] of byChild) {
      if (child.refs === keys.length) {
        this.insert(child, slots, i + 1, output);
        continue;
      }
      const copy = this.copyNode(child);
      child.refs -= keys.length;
      copy.refs = keys.length;
      for (const key of keys) edges.set(key, copy);
      this.insert(copy, slots, i + 1, output);
    }
  }

  /** `insert` for a slot of one key, the common case: the same steps without the bookkeeping maps. */
  private insertOne(edges: Map<number, TrieNode>, key: number, slots: readonly (Int32Array | null)[], i: number, output: number): void {
    let child = edges.get(key);
    if (!child) {
      child = this.newNode();
      child.refs = 1;
      edges.set(key, child);
    } else if (child.refs !== 1) {
      const copy = this.copyNode(child);
      child.refs--;
      copy.refs = 1;
      edges.set(key, copy);
      child = copy;
    }
    this.insert(child, slots, i + 1, output);
  }

  private newNode(): TrieNode {
    const node: TrieNode = { edges: null, wild: null, outputs: null, refs: 0, id: this.nodes.length };
    this.nodes.push(node);
    return node;
  }

  private copyNode(node: TrieNode): TrieNode {
    const copy = this.newNode();
    if (node.edges) {
      copy.edges = new Map(node.edges);
      for (const child of node.edges.values()) child.refs++;
    }
    if (node.wild) {
      copy.wild = node.wild;
      node.wild.refs++;
    }
    if (node.outputs) copy.outputs = [...node.outputs];
    return copy;
  }
}

/** A word as the matcher reads it: the keys it may be read as, and the clause it sits in (no pattern crosses into the next). */
export interface MatchWord {
  readonly keys: readonly string[];
  readonly clause: number;
  /** The word's steps ({@link TokenAutomaton.stepsFor}) when its caller keeps them: no lookup by the key list. */
  readonly steps?: Int32Array | null;
}

/** A match of one pattern over tokens [start, end). */
export interface AutomatonMatch {
  readonly start: number;
  readonly end: number;
  readonly output: number;
}

/** The frozen automaton; `run` is allocation-light and never builds anything per post beyond its result. */
export class TokenAutomaton {
  /**
   * Each word's key ids that some pattern uses, and the nodes they lead to from the root. The analyzer
   * caches one key list per distinct word, so this is worked out once per word: matching tries only
   * keys that can lead somewhere, and a pattern's first word costs no lookup in the root's large map.
   */
  private readonly steps = new WeakMap<readonly string[], WordSteps>();
  /** Live states of the current and the next token, swapped per token and reused by every run. */
  private readonly stateLists = [new StateList(), new StateList()] as const;
  /** What `rematch` needs of the last run: its words, its matches, whether a state was ever dropped. */
  private lastWords: readonly MatchWord[] | null = null;
  private lastOut: AutomatonMatch[] | null = null;
  private lastCapped = false;
  /** Per word of the last run: the earliest start of a state alive before it (the word itself when none). */
  private earliest = new Int32Array(256);
  /** Where a resumed run's matches that the last run already reported go. */
  private readonly discarded: AutomatonMatch[] = [];
  /** Set by `advance` when the state cap drops a state. */
  private capped = false;

  constructor(
    /** Read by the analyzer cache, which writes them to disk as they are. */
    readonly tables: AutomatonTables,
    /** Every key any pattern uses: lets the matcher skip costly fallbacks for known words. */
    readonly vocabulary: Vocabulary,
  ) {}

  /**
   * Runs over tokens given as key lists; `breakBefore[i]` true stops partial matches from crossing
   * into token i (sentence ends). Returns every match, in order of end then start.
   */
  run(keys: readonly (readonly string[])[], breakBefore: readonly boolean[], maxStates = DEFAULT_MAX_STATES): AutomatonMatch[] {
    let clause = 0;
    const words = keys.map((k, i): MatchWord => ({ keys: k, clause: i > 0 && breakBefore[i] ? ++clause : clause }));
    return this.match(words, 0, words.length, maxStates);
  }

  /**
   * `run` over words[from, to) read as they are: a change of clause between two words is a break.
   * Matches count words from the start of `words`. Saves building key and break arrays per post.
   */
  match(words: readonly MatchWord[], from = 0, to = words.length, maxStates = DEFAULT_MAX_STATES): AutomatonMatch[] {
    const out: AutomatonMatch[] = [];
    this.scan(words, from, to, maxStates, from, out);
    const whole = from === 0 && to === words.length && maxStates === DEFAULT_MAX_STATES;
    this.lastWords = whole ? words : null;
    this.lastOut = whole ? out : null;
    this.lastCapped = this.capped;
    return out;
  }

  /**
   * `match(words)` where words[0, same) are the very words the last `match` read (the same objects)
   * and `previous` is what it returned: the place-collapsed stream of a post after its first pass.
   * A full run would repeat the last one's steps up to `same`; this one starts at the earliest word a
   * pattern still alive at `same` began at and takes the matches that end by `same` from `previous`.
   * With no state dropped by the cap, the live states at `same` and everything after are the same
   * (in the same order: a state's steps never depend on the others'). Otherwise, a full run.
   */
  rematch(words: readonly MatchWord[], previous: readonly AutomatonMatch[], same: number): AutomatonMatch[] {
    const last = this.lastWords;
    let reusable = previous === this.lastOut && last !== null && !this.lastCapped && same > 0 && same <= last.length && same <= words.length;
    for (let t = 0; reusable && t < same; t++) reusable = words[t] === last![t];
    if (!reusable) return this.match(words);
    const from = this.earliest[same]!;
    const out: AutomatonMatch[] = [];
    for (const m of previous) {
      if (m.end > same) break;
      out.push(m);
    }
    this.scan(words, from, words.length, DEFAULT_MAX_STATES, same, out);
    // The words before `from` were not read again: nothing to resume from this run.
    this.lastWords = null;
    this.lastOut = null;
    return out;
  }

  /** Runs over words[from, to), reporting the matches that end after word `emitFrom` - 1 into `out`. */
  private scan(words: readonly MatchWord[], from: number, to: number, maxStates: number, emitFrom: number, out: AutomatonMatch[]): void {
    const discarded = this.discarded;
    const { nodes, edges } = this.tables;
    if (this.earliest.length <= to) this.earliest = new Int32Array(2 * to + 1);
    const earliest = this.earliest;
    this.capped = false;
    let cur = this.stateLists[0];
    let next = this.stateLists[1];
    cur.n = 0;
    let clause = from < to ? words[from]!.clause : 0;
    for (let t = from; t < to; t++) {
      const word = words[t]!;
      if (word.clause !== clause) {
        cur.n = 0;
        clause = word.clause;
      }
      // A pattern may start here, taken after the older states so that matches keep their order.
      const fromRoot = cur.n < maxStates;
      if (!fromRoot) this.capped = true;
      next.n = 0;
      const sink = t < emitFrom ? discarded : out;
      let first = t;
      const steps = word.steps ?? this.stepsOf(word.keys);
      const keysEnd = steps[0]! + 1;
      for (let s = 0; s < cur.n; s++) {
        const at = cur.nodes[s]! * NODE_STRIDE;
        const start = cur.starts[s]!;
        if (start < first) first = start;
        const edgesFrom = nodes[at + FIRST_EDGE]!;
        const edgesTo = nodes[at + NODE_STRIDE + FIRST_EDGE]!;
        if (edgesFrom < edgesTo) {
          for (let k = 1; k < keysEnd; k++) {
            const child = childFor(edges, edgesFrom, edgesTo, steps[k]!);
            if (child >= 0) this.advance(child, start, t, next, sink, maxStates);
          }
        }
        const wild = nodes[at + WILD_CHILD]!;
        if (wild >= 0) this.advance(wild, start, t, next, sink, maxStates);
      }
      earliest[t] = first;
      if (fromRoot) for (let k = keysEnd; k < steps.length; k++) this.advance(steps[k]!, t, t, next, sink, maxStates);
      const swap = cur;
      cur = next;
      next = swap;
    }
    discarded.length = 0;
  }

  /** Moves a state into `child` after token t: reports its outputs, keeps it if it can go on. */
  private advance(child: number, start: number, t: number, next: StateList, out: AutomatonMatch[], maxStates: number): void {
    if (next.has(child, start)) return;
    const { nodes, outputs } = this.tables;
    const at = child * NODE_STRIDE;
    const last = nodes[at + NODE_STRIDE + FIRST_OUTPUT]!;
    for (let o = nodes[at + FIRST_OUTPUT]!; o < last; o++) out.push({ start, end: t + 1, output: outputs[o]! });
    if (nodes[at + GOES_ON] === 0) return;
    if (next.n < maxStates) next.push(child, start);
    else this.capped = true;
  }

  private stepsOf(keys: readonly string[]): WordSteps {
    let steps = this.steps.get(keys);
    if (!steps) {
      steps = this.stepsFor(keys);
      this.steps.set(keys, steps);
    }
    return steps;
  }

  /**
   * A word's steps: its key ids that some pattern uses and the root's children they reach. Callers
   * that cache a word's keys keep these beside them and pass them in {@link MatchWord.steps}.
   */
  stepsFor(keys: readonly string[]): WordSteps {
    const { keyIds, rootChild } = this.tables;
    const known: number[] = [];
    const fromRoot: number[] = [];
    for (const key of keys) {
      const id = keyIds.get(key);
      if (id === undefined) continue;
      known.push(id);
      const child = rootChild[id]!;
      if (child >= 0) fromRoot.push(child);
    }
    // Most words lead nowhere: they share one array, which stays in cache.
    return known.length === 0 ? NO_STEPS : Int32Array.of(known.length, ...known, ...fromRoot);
  }
}

/**
 * A word's key ids that some pattern uses, then the root's children they reach, both in key order:
 * [key count, ...key ids, ...children]. One array, so a step costs one lookup and one read.
 */
type WordSteps = Int32Array;

/** The steps of a word no pattern uses. */
const NO_STEPS: WordSteps = Int32Array.of(0);

/** Live states (node, start token), growing when a run keeps more than it has room for. */
class StateList {
  nodes = new Int32Array(64);
  starts = new Int32Array(64);
  n = 0;

  has(node: number, start: number): boolean {
    for (let i = 0; i < this.n; i++) if (this.nodes[i] === node && this.starts[i] === start) return true;
    return false;
  }

  push(node: number, start: number): void {
    if (this.n === this.nodes.length) {
      const nodes = new Int32Array(this.n * 2);
      const starts = new Int32Array(this.n * 2);
      nodes.set(this.nodes);
      starts.set(this.starts);
      this.nodes = nodes;
      this.starts = starts;
    }
    this.nodes[this.n] = node;
    this.starts[this.n] = start;
    this.n++;
  }
}

/**
 * The vocabulary as the keys of the key id map: a set of its own would cost as much again to build
 * (about 550,000 keys for the shipped config, most of them Arabic verb forms).
 */
export class KeySet implements ReadonlySet<string> {
  constructor(private readonly ids: ReadonlyMap<string, number>) {}

  get size(): number {
    return this.ids.size;
  }

  has(key: string): boolean {
    return this.ids.has(key);
  }

  forEach(callback: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const key of this.ids.keys()) callback.call(thisArg, key, key, this);
  }

  keys(): SetIterator<string> {
    return this.ids.keys();
  }

  values(): SetIterator<string> {
    return this.ids.keys();
  }

  *entries(): SetIterator<[string, string]> {
    for (const key of this.ids.keys()) yield [key, key];
  }

  [Symbol.iterator](): SetIterator<string> {
    return this.ids.keys();
  }
}
