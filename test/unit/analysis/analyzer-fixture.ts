import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileAnalyzer, type CompiledAnalyzer } from '../../../src/analysis/index.js';
import { loadConfig, type PlacewatchConfig } from '../../../src/config/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The shipped config directory (tests exercise the real lexicons and gazetteer). */
export const CONFIG_DIR = path.resolve(here, '../../../config');

let cached: { config: PlacewatchConfig; analyzer: CompiledAnalyzer } | undefined;

/** The shipped config, compiled once per test file. */
export function shippedAnalyzer(): { config: PlacewatchConfig; analyzer: CompiledAnalyzer } {
  if (!cached) {
    const config = loadConfig(CONFIG_DIR);
    cached = { config, analyzer: compileAnalyzer(config) };
  }
  return cached;
}
