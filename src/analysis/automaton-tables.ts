/**
 * The token automaton's trie flattened into integer arrays. Matching a post then reads a few numbers
 * per live state instead of following node objects, their maps and the maps' stores (a cache miss
 * each): the trie of 10,000 places has half a million nodes, so almost every step used to miss.
 */

/** A node of the builder's trie; several edges may lead to one node (see the builder). */
export interface TrieNode {
  /** By key id (the builder numbers every key as it first sees it). */
  edges: Map<number, TrieNode> | null;
  wild: TrieNode | null;
  outputs: number[] | null;
  /** Incoming edges; a node with more than the ones being followed is copied before it is changed. */
  refs: number;
  /** The node's number: its index among all the trie's nodes. */
  id: number;
}

/** Ints per node in {@link AutomatonTables.nodes}. */
export const NODE_STRIDE = 4;
/** Offsets within a node's record. Its edge and output ranges end where node n + 1's begin. */
export const FIRST_EDGE = 0;
export const FIRST_OUTPUT = 1;
export const WILD_CHILD = 2;
/** 1 when the node has edges or a wildcard child (it is kept as a state), else 0. */
export const GOES_ON = 3;

/** Above this many (key, child) ints a node's edges are binary searched rather than scanned. */
const SCAN_LIMIT = 16;

/**
 * Every key some pattern uses, numbered: the builder's Map, or the analyzer cache's sorted table
 * (see SortedVocabulary). `keys()` gives them in key id order.
 */
export interface KeyIndex {
  readonly size: number;
  get(key: string): number | undefined;
  has(key: string): boolean;
  keys(): IterableIterator<string>;
}

export interface AutomatonTables {
  /** Every key some pattern uses, numbered. */
  readonly keyIds: KeyIndex;
  /** By key id: the node the root's edge for that key leads to, or -1. The root is node 0. */
  readonly rootChild: Int32Array;
  /** One record of NODE_STRIDE ints per node, and one more holding the ends of the last node's ranges. */
  readonly nodes: Int32Array;
  /** (key id, child) pairs; each node's are sorted by key id. The root's are in `rootChild` only. */
  readonly edges: Int32Array;
  /** The outputs of every node, node after node, in the order they were added. */
  readonly outputs: Int32Array;
}

/**
 * Flattens a trie given as all its nodes, numbered by `id` (their index; the root is 0), whose edges
 * carry the key ids of `keyIds`. A node reached by several edges keeps its one number, so sharing survives.
 */
export function flattenTrie(all: readonly TrieNode[], keyIds: ReadonlyMap<string, number>): AutomatonTables {
  return { keyIds, rootChild: rootChildren(all[0]!, keyIds.size), ...writeNodes(all) };
}

function writeNodes(all: readonly TrieNode[]): Pick<AutomatonTables, 'nodes' | 'edges' | 'outputs'> {
  let edgeInts = 0;
  let outputCount = 0;
  let widest = 0;
  for (let n = 1; n < all.length; n++) {
    const size = all[n]!.edges?.size ?? 0;
    edgeInts += 2 * size;
    if (size > widest) widest = size;
  }
  for (const node of all) outputCount += node.outputs?.length ?? 0;
  const nodes = new Int32Array((all.length + 1) * NODE_STRIDE);
  const edges = new Int32Array(edgeInts);
  const outputs = new Int32Array(outputCount);
  const scratch = new Float64Array(widest);
  let e = 0;
  let o = 0;
  for (let n = 0; n < all.length; n++) {
    const node = all[n]!;
    const at = n * NODE_STRIDE;
    nodes[at + FIRST_EDGE] = e;
    nodes[at + FIRST_OUTPUT] = o;
    nodes[at + WILD_CHILD] = node.wild ? node.wild.id : -1;
    nodes[at + GOES_ON] = node.edges || node.wild ? 1 : 0;
    if (n > 0 && node.edges) e = writeEdges(node.edges, edges, e, scratch);
    if (node.outputs) for (const output of node.outputs) outputs[o++] = output;
  }
  nodes[all.length * NODE_STRIDE + FIRST_EDGE] = e;
  nodes[all.length * NODE_STRIDE + FIRST_OUTPUT] = o;
  return { nodes, edges, outputs };
}

/** 2^31: a (key, child) pair packed as key * PAIR + child sorts by key as one number. */
const PAIR = 0x80000000;

/** Writes a node's edges at edges[at], sorted by key id; returns where the next node's begin. */
function writeEdges(map: ReadonlyMap<number, TrieNode>, edges: Int32Array, at: number, scratch: Float64Array): number {
  let n = 0;
  map.forEach((child, key) => (scratch[n++] = key * PAIR + child.id));
  // A typed array sorts numerically, without a pair object per edge (millions of them for a large config).
  const pairs = scratch.subarray(0, n).sort();
  for (let i = 0; i < n; i++) {
    const packed = pairs[i]!;
    const key = Math.floor(packed / PAIR);
    edges[at++] = key;
    edges[at++] = packed - key * PAIR;
  }
  return at;
}

function rootChildren(root: TrieNode, keyCount: number): Int32Array {
  const rootChild = new Int32Array(keyCount).fill(-1);
  if (root.edges) for (const [key, child] of root.edges) rootChild[key] = child.id;
  return rootChild;
}

/** The child the edge for `key` leads to among edges[from, to), or -1. */
export function childFor(edges: Int32Array, from: number, to: number, key: number): number {
  if (to - from <= SCAN_LIMIT) {
    for (let i = from; i < to; i += 2) if (edges[i] === key) return edges[i + 1]!;
    return -1;
  }
  let lo = 0;
  let hi = (to - from) >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const k = edges[from + 2 * mid]!;
    if (k === key) return edges[from + 2 * mid + 1]!;
    if (k < key) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}
