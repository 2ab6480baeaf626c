export { loadConfig, readConfigDir, resolveConfigDir, hashConfig, type PlacewatchConfig, type AnalysisConfig } from './load-config.js';
export { parseConfigFiles, type ConfigFiles } from './parse-config-files.js';
export {
  canonicalJson,
  configContentSchema,
  configFromContent,
  contentHash,
  contentOf,
  contentToFiles,
  describeContentPath,
  parseConfigContent,
  retentionOf,
  type ConfigContent,
} from './config-content.js';
export { sourceAffiliation, type PostSource } from './source-affiliation.js';
export { loadEnv, type Env } from './env.js';
export * from './schema/common.js';
export type { PlaceConfig, PlacesFile } from './schema/places.js';
export type { PhraseConfig, LexiconFile } from './schema/lexicon.js';
export type { ModifierCueConfig, ModifierKind, ModifiersFile } from './schema/modifiers.js';
export type { ThresholdsFile } from './schema/thresholds.js';
export type { AccountAffiliation, FeedConfig, FeedConfigOf, FeedsFile } from './schema/feeds.js';
export type { RouteConfig, RoutesFile } from './schema/routes.js';
export { DEFAULT_RETENTION, type RetentionFile } from './schema/retention.js';
