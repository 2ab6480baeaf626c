// The config's shapes, apart from the code that loads, parses and stores it, so those files need not import each other.
import type { FeedsFile } from './schema/feeds.js';
import type { LexiconFile } from './schema/lexicon.js';
import type { ModifiersFile } from './schema/modifiers.js';
import type { PlacesFile } from './schema/places.js';
import type { RetentionFile } from './schema/retention.js';
import type { RoutesFile } from './schema/routes.js';
import type { ThresholdsFile } from './schema/thresholds.js';

/** Everything under `config/`, validated; `version` is what scores record. */
export interface PlacewatchConfig {
  readonly dir: string;
  /**
   * A content hash for config read from files; the version number ("7") for a version read from
   * Postgres, which is what running workers score with.
   */
  readonly version: string;
  readonly places: PlacesFile;
  readonly lexicons: readonly LexiconFile[];
  readonly modifiers: ModifiersFile;
  readonly thresholds: ThresholdsFile;
  readonly feeds: FeedsFile;
  readonly routes: RoutesFile;
  /** Retention windows (retention.yaml); absent means the defaults. */
  readonly retention?: RetentionFile;
}

/** The part of the config the analyzer depends on (hashing it tells whether scores may change). */
export type AnalysisConfig = Pick<PlacewatchConfig, 'places' | 'lexicons' | 'modifiers' | 'thresholds'>;

/** A config's content without where it came from: what a stored version holds. */
export type ConfigContent = Omit<PlacewatchConfig, 'dir' | 'version'>;

/** YAML texts by path relative to the config directory: `places.yaml`, `lexicon/ar.yaml`. */
export type ConfigFiles = Readonly<Record<string, string>>;
