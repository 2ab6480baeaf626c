import { loadOrCompileAnalyzer, type CompiledAnalyzer } from '../analysis/index.js';
import type { PlacewatchConfig } from '../config/index.js';

/** The config a worker scores with, and its compiled analyzer; swapped whole between batches. */
export interface ActiveConfig {
  readonly config: PlacewatchConfig;
  readonly analyzer: CompiledAnalyzer;
}

/** Called after a swap, with the new and the previous config (roles re-sync feeds, schedules…). */
export type ConfigListener = (next: ActiveConfig, previous: ActiveConfig) => void | Promise<void>;

/**
 * Holds the active config. Workers read `current` once per batch, so a swap (hot reload) takes effect
 * atomically at the next batch boundary and never in the middle of one: a batch in flight keeps the
 * object it read, whole.
 */
export class ActiveConfigHolder {
  private active: ActiveConfig;
  private readonly listeners: ConfigListener[] = [];

  constructor(config: PlacewatchConfig) {
    this.active = compile(config);
  }

  get current(): ActiveConfig {
    return this.active;
  }

  /** Compiles first, then swaps: a config that fails to compile leaves the old one in place. */
  replace(config: PlacewatchConfig): void {
    const previous = this.active;
    this.active = compile(config);
    for (const listener of this.listeners) {
      // A listener's failure is its own: it never undoes the swap or stops the others.
      void Promise.resolve()
        .then(() => listener(this.active, previous))
        .catch(() => undefined);
    }
  }

  /** Registers a listener for swaps; returns a function that removes it. */
  onReplace(listener: ConfigListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }
}

function compile(config: PlacewatchConfig): ActiveConfig {
  // Through the on-disk cache: a worker starting (or reloading) with a config compiled before loads it.
  return { config, analyzer: loadOrCompileAnalyzer(config) };
}
