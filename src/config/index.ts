export { loadConfig, resolveConfigDir, hashConfig, type PlacewatchConfig, type AnalysisConfig } from './load-config.js';
export { loadEnv, type Env } from './env.js';
export * from './schema/common.js';
export type { PlaceConfig, PlacesFile } from './schema/places.js';
export type { PhraseConfig, LexiconFile } from './schema/lexicon.js';
export type { ModifierCueConfig, ModifierKind, ModifiersFile } from './schema/modifiers.js';
export type { ThresholdsFile } from './schema/thresholds.js';
export type { FeedConfig, FeedsFile } from './schema/feeds.js';
export type { RouteConfig, RoutesFile } from './schema/routes.js';
