/** The analyzer: compile a config once, then analyze posts purely and fast. Public face of src/analysis. */
export { compileAnalyzer, loadConfiguredModel, DEFAULT_MODEL_FILE, type CompileOptions } from './compile-analyzer.js';
export { loadOrCompileAnalyzer, analyzerCacheDir, analyzerCacheKey, analyzerCacheStats, type AnalyzerCacheOptions } from './analyzer-cache.js';
export { hashVocabulary } from './sorted-vocabulary.js';
export { analyzePost } from './analyze-post.js';
export { wouldAlert } from './alert-decision.js';
export { analysedText } from './analysed-text.js';
export * from './model/index.js';
export type { CompiledAnalyzer } from './compiled-types.js';
export type { Analysis, AnalyzeOptions, AnalyzerInput, ModifierHit, PlaceMatchKind, PlaceMention, Span, TargetedPlace, ThreatSignal } from './types.js';
