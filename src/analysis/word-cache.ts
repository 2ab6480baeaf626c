import type { TokenScript } from '../text/index.js';
import type { WordAnalysis } from './compiled-types.js';

/** Analyses a slot (script and flags) holds before it starts over: bounded memory whatever the posts. */
export const WORD_CACHE_LIMIT = 50_000;
/** Flag combinations per script: clitic, before "n't", Arabizi post. */
const FLAG_SLOTS = 8;
const SCRIPTS: readonly TokenScript[] = ['ar', 'lat', 'num'];

/** One analysis of a surface word under one combination of flags, valid while its slot's generation lasts. */
interface SlotEntry {
  readonly flags: number;
  generation: number;
  read: WordAnalysis;
  next: SlotEntry | null;
}

/**
 * One distinct word of a script, found with one lookup per token: whether it marks an Arabizi post
 * (worked out once) and its analyses under each combination of flags. The first analysis stored is
 * held in the record itself (most words are only ever read under one combination): one hop fewer.
 */
export class SurfaceWord {
  /** 1 when the word marks a post as Arabizi, 0 when not, -1 until asked. */
  arabiziSign = -1;
  flags = -1;
  generation = 0;
  read: WordAnalysis | null = null;
  /** Analyses under other flags than `flags`. */
  others: SlotEntry | null = null;
}

/**
 * The analyzer's per-word cache: a map per script from the word as written to its {@link SurfaceWord}.
 * A slot (script × flags) that has taken WORD_CACHE_LIMIT analyses starts over (its generation moves
 * on), exactly as a map per slot cleared when full: a cached analysis lives as long as it always did.
 */
export class WordCache {
  private readonly surfaces = SCRIPTS.map(() => new Map<string, SurfaceWord>());
  private readonly generations = new Int32Array(SCRIPTS.length * FLAG_SLOTS);
  private readonly counts = new Int32Array(SCRIPTS.length * FLAG_SLOTS);

  /** The record of a word of a script, made on first sight. */
  surface(script: TokenScript, text: string): SurfaceWord {
    const map = this.surfaces[scriptIndex(script)]!;
    let surface = map.get(text);
    if (!surface) {
      // Past twice what the slots can hold, drop the words none of whose analyses is current: at most
      // half stay, so this runs seldom.
      if (map.size >= 2 * FLAG_SLOTS * WORD_CACHE_LIMIT) this.prune(script, map);
      surface = new SurfaceWord();
      map.set(text, surface);
    }
    return surface;
  }

  /** The analysis of `surface` under `flags` (0–7), if cached and current. */
  read(script: TokenScript, surface: SurfaceWord, flags: number): WordAnalysis | null {
    const generation = this.generations[scriptIndex(script) * FLAG_SLOTS + flags]!;
    if (surface.flags === flags) return surface.generation === generation ? surface.read : null;
    for (let e = surface.others; e !== null; e = e.next) if (e.flags === flags) return e.generation === generation ? e.read : null;
    return null;
  }

  /** Caches the analysis of `surface` under `flags`, starting the slot over first when full. */
  store(script: TokenScript, surface: SurfaceWord, flags: number, read: WordAnalysis): void {
    const slot = scriptIndex(script) * FLAG_SLOTS + flags;
    if (this.counts[slot]! >= WORD_CACHE_LIMIT) {
      this.generations[slot]!++;
      this.counts[slot] = 0;
    }
    this.counts[slot]!++;
    const generation = this.generations[slot]!;
    if (surface.flags < 0 || surface.flags === flags) {
      surface.flags = flags;
      surface.generation = generation;
      surface.read = read;
      return;
    }
    for (let e = surface.others; e !== null; e = e.next) {
      if (e.flags !== flags) continue;
      e.generation = generation;
      e.read = read;
      return;
    }
    surface.others = { flags, generation, read, next: surface.others };
  }

  private prune(script: TokenScript, map: Map<string, SurfaceWord>): void {
    const base = scriptIndex(script) * FLAG_SLOTS;
    for (const [text, surface] of map) {
      let current = surface.flags >= 0 && surface.generation === this.generations[base + surface.flags];
      for (let e = surface.others; e !== null && !current; e = e.next) current = e.generation === this.generations[base + e.flags];
      if (!current) map.delete(text);
    }
  }
}

function scriptIndex(script: TokenScript): number {
  return script === 'ar' ? 0 : script === 'lat' ? 1 : 2;
}
