import { compileAnalyzer, type CompiledAnalyzer } from '../analysis/index.js';
import type { PlacewatchConfig } from '../config/index.js';

/** The config a worker scores with, and its compiled analyzer; swapped whole between batches. */
export interface ActiveConfig {
  readonly config: PlacewatchConfig;
  readonly analyzer: CompiledAnalyzer;
}

/**
 * Holds the active config. Workers read `current` once per batch, so a swap (hot reload) takes effect
 * atomically at the next batch boundary and never in the middle of one.
 */
export class ActiveConfigHolder {
  private active: ActiveConfig;

  constructor(config: PlacewatchConfig) {
    this.active = compile(config);
  }

  get current(): ActiveConfig {
    return this.active;
  }

  /** Compiles first, then swaps: a config that fails to compile leaves the old one in place. */
  replace(config: PlacewatchConfig): void {
    this.active = compile(config);
  }
}

function compile(config: PlacewatchConfig): ActiveConfig {
  return { config, analyzer: compileAnalyzer(config) };
}
