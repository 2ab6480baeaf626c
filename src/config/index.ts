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
export { loadEnv, readConfiguredSecret, secretEnvNameProblem, secretEnvNameSchema, type Env } from '../env/index.js';
export * from './schema/common.js';
export { placeSchema, placesFileSchema, type PlaceConfig, type PlacesFile } from './schema/places.js';
export type { PhraseConfig, LexiconFile } from './schema/lexicon.js';
export { modifiersFileSchema, type ModifierCueConfig, type ModifierKind, type ModifiersFile } from './schema/modifiers.js';
export { thresholdsFileSchema, type ThresholdsFile } from './schema/thresholds.js';
export { feedSchema, type AccountAffiliation, type FeedConfig, type FeedConfigOf, type FeedsFile, type JsonMapping } from './schema/feeds.js';
export {
  checkTarget,
  deliveryOf,
  routesFileSchema,
  subscriptionFields,
  type Channel,
  type DeliveryConfig,
  type Detail,
  type DigestConfig,
  type EscalationPolicyConfig,
  type RouteConfig,
  type RoutesFile,
} from './schema/routes.js';
export { describeIssues, formatIssues } from './format-issues.js';
export { DEFAULT_RETENTION, type RetentionFile } from './schema/retention.js';
