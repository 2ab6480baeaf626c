/** Versioned configuration in Postgres: store, validate, activate, roll back, diff, reload, backtest; and the active config a process runs with. */
export { ActiveConfigHolder, type ActiveConfig, type ConfigListener } from './active-config.js';
export {
  auditConfig,
  findActiveVersionId,
  findRollbackTarget,
  findVersion,
  listVersions,
  type StoredVersion,
  type VersionSource,
  type VersionSummary,
} from './config-version-repository.js';
export {
  activateVersion,
  createVersion,
  loadVersionConfig,
  loadVersionContent,
  requireVersion,
  rollbackVersion,
  type NewVersion,
  type ReloadAnnouncer,
  type StoredDraft,
} from './config-versions.js';
export { announceActivation, reloadChannel } from './config-reload-channel.js';
export { ConfigReloader, type ConfigReloaderDeps } from './config-reloader.js';
export { resolveStartupConfig, type ConfigSyncMode } from './startup-config.js';
export { validateContent, nameKey, vagueAlternative, type ValidationIssue, type ValidationReport } from './validate-version.js';
export { backtest, type BacktestAlert, type BacktestChange, type BacktestExample, type BacktestOptions, type BacktestReport } from './backtest.js';
export { formatBacktest } from './backtest-format.js';
export { diffContent, diffVersions, formatChanges, type ConfigChange } from './diff-content.js';
export { compileDraft, activeSide } from './backtest-sides.js';
export { applyEdits, configEditSchema, type ConfigEdit } from './config-edits.js';
export { editVersion } from './edit-version.js';
