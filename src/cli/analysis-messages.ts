import type { AnalyzeProgress, PendingBatches } from '../pipeline/index.js';

/** One line of progress: `analysed 300 / 700 posts (3 / 7 batches), 150 posts/s`. */
export function formatProgress(progress: AnalyzeProgress): string {
  const seconds = progress.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(progress.analysedPosts / seconds) : 0;
  return `analysed ${progress.analysedPosts} / ${progress.totalPosts} posts (${progress.finishedBatches} / ${progress.totalBatches} batches), ${rate} posts/s`;
}

export interface IncompleteAnalysis {
  readonly pendingBatches: number;
  readonly pendingPosts: number;
  readonly totalBatches: number;
  readonly idleSeconds: number;
  readonly queuePrefix: string;
  /** Whether this process ran an analyzer of its own (false with --no-analyzer). */
  readonly ranOwnAnalyzer: boolean;
  readonly where: PendingBatches;
}

/** What is still pending when a wait gives up, and why, one reason a line (first line: the summary). */
export function explainIncompleteAnalysis(incomplete: IncompleteAnalysis): string[] {
  const { where } = incomplete;
  const lines = [
    `${incomplete.pendingBatches} of ${incomplete.totalBatches} batches (${incomplete.pendingPosts} posts) not analysed: ` +
      `no batch on the analyze queue finished for ${incomplete.idleSeconds} s`,
  ];
  if (where.analyzers === 0) {
    const own = incomplete.ranOwnAnalyzer ? '' : ', or run without --no-analyzer so this command analyses them itself';
    lines.push(`no analyzer is running on the analyze queue (prefix ${incomplete.queuePrefix}): start one with \`placewatch start --role analyzer\`${own}`);
  } else if (where.waiting > 0) {
    lines.push(`${where.waiting} batches waiting although ${where.analyzers} analyzers are connected: they are busy with other work or stuck`);
  }
  if (where.active > 0) {
    lines.push(
      `${where.active} batches taken by an analyzer that has not finished them; a stuck analyzer's batch is retried once its lock (PLACEWATCH_JOB_LOCK_MS) expires`,
    );
  }
  if (where.retrying > 0) lines.push(`${where.retrying} batches failed and wait to be retried${where.lastError ? `; last error: ${where.lastError}` : ''}`);
  return lines;
}

/** Batches that used every attempt, with the first reason: operators find the rest in the failed set. */
export function explainFailedBatches(failed: ReadonlyArray<{ jobId: string; reason: string }>): string {
  const first = failed[0];
  if (!first) return '';
  return `${failed.length} batches failed for good (first: ${first.jobId}: ${first.reason}); see the analyze queue's failed jobs`;
}
