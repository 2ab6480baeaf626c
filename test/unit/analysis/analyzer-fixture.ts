import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzePost, compileAnalyzer, loadOrCompileAnalyzer, wouldAlert, type CompiledAnalyzer } from '../../../src/analysis/index.js';
import { readPost } from '../../../src/analysis/analyze-post.js';
import { loadConfig, type PlaceConfig, type PlacewatchConfig } from '../../../src/config/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The shipped config directory (tests exercise the real lexicons and gazetteer). */
export const CONFIG_DIR = path.resolve(here, '../../../config');

let cached: { config: PlacewatchConfig; analyzer: CompiledAnalyzer } | undefined;

/**
 * The shipped config's analyzer, once per test file: through the on-disk analyzer cache, as `score`
 * and the workers load it (keyed by config content and the analysis code, so never stale), which
 * spares each of the files that use it a compile of seconds. analyzer-cache.test.ts checks that a
 * loaded analyzer analyses every text as a freshly compiled one does.
 */
export function shippedAnalyzer(): { config: PlacewatchConfig; analyzer: CompiledAnalyzer } {
  if (!cached) {
    const config = loadConfig(CONFIG_DIR);
    cached = { config, analyzer: loadOrCompileAnalyzer(config) };
  }
  return cached;
}

/** The threat phrase ids the shipped analyzer finds in a text. */
export function phraseIds(text: string): string[] {
  return analyzePost({ text }, shippedAnalyzer().analyzer).signals.map((s) => s.phraseId);
}

/** The place ids the shipped analyzer reads in a text (each mention, in order). */
export function placeIds(text: string): string[] {
  return analyzePost({ text }, shippedAnalyzer().analyzer).places.map((p) => p.placeId);
}

/** Whether the shipped analyzer alerts on a text under the shipped thresholds. */
export function alerts(text: string): boolean {
  const { config, analyzer } = shippedAnalyzer();
  return wouldAlert(analyzePost({ text }, analyzer), config.thresholds);
}

/** The modifier cue kinds the shipped analyzer reads in a text, each once. */
export function cueKinds(text: string): string[] {
  return [...new Set(readPost({ text }, shippedAnalyzer().analyzer).cues.map((c) => c.kind))];
}

/** A monitored town the shipped gazetteer does not hold, named in Arabic and in one Latin spelling. */
export function inventedTown(id: string, nameAr: string, latin: string): PlaceConfig {
  return { id, name: latin, name_ar: nameAr, kind: 'town', monitored: true, aliases: { en: [latin], ar: [], arabizi: [] }, demonyms: {}, fuzzy_exclude: [] };
}

/** The place ids found in a text by the shipped config with `added` in its gazetteer. */
export function placeIdsWith(added: PlaceConfig): (text: string) => string[] {
  const { config } = shippedAnalyzer();
  const body = { ...config, places: { ...config.places, places: [...config.places.places, added] } };
  const compiled = compileAnalyzer({ ...body, version: `test-added-${added.id}` });
  return (text) => analyzePost({ text }, compiled).places.map((p) => p.placeId);
}
