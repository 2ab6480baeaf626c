export { analyzeBatch, commitScoredBatch, type AnalyzeBatchDeps, type BatchOutcome, type ScoredPost } from './analyze-batch.js';
export { ActiveConfigHolder, type ActiveConfig } from './active-config.js';
export { ingestFile, waitForAnalyzeJobs, type IngestReport } from './ingest-file.js';
