/**
 * One token-level automaton for every pattern of a config: place names, threat phrases and modifier
 * cues. It is a trie over word keys whose nodes may be shared by the alternatives of a slot
 * ("kill|murder them" shares the node after the verb); insertion copies a shared node before changing
 * it, so sharing never leaks one pattern's words into another. Matching walks the trie once per token
 * with the set of live states, so its cost depends on the words of the post, not on how many places
 * or phrases the config holds.
 */

/** Matches any single token (`*` in the pattern language). */
export const WILDCARD = '\u0000*';

/** One position of a compiled pattern: the keys it accepts, or any word. */
export type Slot = ReadonlySet<string> | typeof WILDCARD;

interface TrieNode {
  edges: Map<string, TrieNode> | null;
  wild: TrieNode | null;
  outputs: number[] | null;
  /** Incoming edges; a node with more than the ones being followed is copied before it is changed. */
  refs: number;
}

function newNode(): TrieNode {
  return { edges: null, wild: null, outputs: null, refs: 0 };
}

/** Builds the automaton; `add` many patterns, then `freeze` once. */
export class TokenAutomatonBuilder {
  private readonly root = newNode();
  private readonly vocabulary = new Set<string>();

  /** Adds one expanded pattern (a sequence of slots) that reports `output` when matched. */
  add(slots: readonly Slot[], output: number): void {
    if (slots.length === 0) return;
    for (const slot of slots) if (slot !== WILDCARD) for (const k of slot) this.vocabulary.add(k);
    this.insert(this.root, slots, 0, output);
  }

  /** The finished automaton. */
  freeze(): TokenAutomaton {
    return new TokenAutomaton(this.root, this.vocabulary);
  }

  private insert(node: TrieNode, slots: readonly Slot[], i: number, output: number): void {
    if (i === slots.length) {
      (node.outputs ??= []).push(output);
      return;
    }
    const slot = slots[i]!;
    if (slot === WILDCARD) {
      if (!node.wild) {
        node.wild = newNode();
        node.wild.refs = 1;
      } else if (node.wild.refs > 1) {
        const copy = copyNode(node.wild);
        node.wild.refs--;
        copy.refs = 1;
        node.wild = copy;
      }
      this.insert(node.wild, slots, i + 1, output);
      return;
    }
    const edges = (node.edges ??= new Map());
    const fresh: string[] = [];
    const byChild = new Map<TrieNode, string[]>();
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
      const child = newNode();
      child.refs = fresh.length;
      for (const key of fresh) edges.set(key, child);
      this.insert(child, slots, i + 1, output);
    }
    for (const [child, keys] of byChild) {
      if (child.refs === keys.length) {
        this.insert(child, slots, i + 1, output);
        continue;
      }
      const copy = copyNode(child);
      child.refs -= keys.length;
      copy.refs = keys.length;
      for (const key of keys) edges.set(key, copy);
      this.insert(copy, slots, i + 1, output);
    }
  }
}

function copyNode(node: TrieNode): TrieNode {
  const copy = newNode();
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

/** A match of one pattern over tokens [start, end). */
export interface AutomatonMatch {
  readonly start: number;
  readonly end: number;
  readonly output: number;
}

/** The frozen automaton; `run` is allocation-light and never builds anything per post beyond its result. */
export class TokenAutomaton {
  /**
   * Each word's keys that some pattern uses, and the nodes they lead to from the root. The analyzer
   * caches one key list per distinct word, so this is worked out once per word: matching tries only
   * keys that can lead somewhere, and a pattern's first word costs no lookup in the root's large map.
   */
  private readonly steps = new WeakMap<readonly string[], WordSteps>();

  constructor(
    private readonly root: TrieNode,
    /** Every key any pattern uses: lets the matcher skip costly fallbacks for known words. */
    readonly vocabulary: ReadonlySet<string>,
  ) {}

  /**
   * Runs over tokens given as key lists; `breakBefore[i]` true stops partial matches from crossing
   * into token i (sentence ends). Returns every match, in order of end then start.
   */
  run(keys: readonly (readonly string[])[], breakBefore: readonly boolean[], maxStates = 256): AutomatonMatch[] {
    const out: AutomatonMatch[] = [];
    // Two state buffers swapped per token, with live counts: no allocation per word.
    let cur: States = { nodes: [], starts: [], n: 0 };
    let next: States = { nodes: [], starts: [], n: 0 };
    for (let t = 0; t < keys.length; t++) {
      if (breakBefore[t]) cur.n = 0;
      // A pattern may start here, taken after the older states so that matches keep their order.
      const fromRoot = cur.n < maxStates;
      next.n = 0;
      const { keys: tokenKeys, fromRoot: firstSteps } = this.stepsOf(keys[t]!);
      for (let s = 0; s < cur.n; s++) {
        const node = cur.nodes[s]!;
        const start = cur.starts[s]!;
        if (node.edges) {
          for (let k = 0; k < tokenKeys.length; k++) {
            const child = node.edges.get(tokenKeys[k]!);
            if (child) advance(child, start, t, next, out, maxStates);
          }
        }
        if (node.wild && node !== this.root) advance(node.wild, start, t, next, out, maxStates);
      }
      if (fromRoot) for (let k = 0; k < firstSteps.length; k++) advance(firstSteps[k]!, t, t, next, out, maxStates);
      const swap = cur;
      cur = next;
      next = swap;
    }
    return out;
  }

  private stepsOf(keys: readonly string[]): WordSteps {
    let steps = this.steps.get(keys);
    if (!steps) {
      const known = keys.every((k) => this.vocabulary.has(k)) ? keys : keys.filter((k) => this.vocabulary.has(k));
      const fromRoot: TrieNode[] = [];
      for (const k of known) {
        const child = this.root.edges?.get(k);
        if (child) fromRoot.push(child);
      }
      steps = { keys: known, fromRoot };
      this.steps.set(keys, steps);
    }
    return steps;
  }
}

/** A word's keys that some pattern uses, and the root's children they reach, in key order. */
interface WordSteps {
  readonly keys: readonly string[];
  readonly fromRoot: readonly TrieNode[];
}

interface States {
  nodes: TrieNode[];
  starts: number[];
  n: number;
}

function advance(child: TrieNode, start: number, t: number, next: States, out: AutomatonMatch[], maxStates: number): void {
  for (let i = 0; i < next.n; i++) if (next.nodes[i] === child && next.starts[i] === start) return;
  if (child.outputs) for (const output of child.outputs) out.push({ start, end: t + 1, output });
  if ((child.edges || child.wild) && next.n < maxStates) {
    next.nodes[next.n] = child;
    next.starts[next.n] = start;
    next.n++;
  }
}
