export { analyzeJob, validateJobPosts } from './analyze-job.js';
export { analyzeBatch, commitScoredBatch, type AnalyzeBatchDeps, type BatchOutcome, type ScoredPost } from './analyze-batch.js';
export { ingestFile, type IngestReport } from './ingest-file.js';
export {
  waitForAnalyzeBatches,
  waitForAnalyzeJobs,
  type AnalyzeBatchRef,
  type AnalyzeProgress,
  type AnalyzeWaitOptions,
  type AnalyzeWaitResult,
} from './analyze-wait.js';
export { describePendingBatches, type PendingBatches } from './pending-batches.js';
export { retryFailedPosts, FAILED_RETRY_SOURCE, type RetryFailedReport } from './retry-failed-posts.js';
export { failedBatchRecorder, isFinalFailure, recordFailedBatch, type FailedBatchJob, type FailedBatchReport } from './record-failed-batch.js';
