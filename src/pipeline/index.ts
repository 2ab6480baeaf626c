export { analyzeBatch, type AnalyzeBatchDeps, type BatchOutcome } from './analyze-batch.js';
export { ActiveConfigHolder, type ActiveConfig } from './active-config.js';
export { ingestFile, waitForAnalyzeJobs, type IngestReport } from './ingest-file.js';
