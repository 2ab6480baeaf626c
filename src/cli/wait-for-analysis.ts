import { InvalidArgumentError } from 'commander';
import { PlacewatchError } from '../errors.js';
import { describePendingBatches, waitForAnalyzeBatches, type AnalyzeBatchRef, type AnalyzeWaitResult } from '../pipeline/index.js';
import type { Runtime } from '../runtime/index.js';
import { explainFailedBatches, explainIncompleteAnalysis, formatProgress } from './analysis-messages.js';

export const DEFAULT_WAIT_TIMEOUT_SECONDS = 300;

export interface AnalysisWaitOptions {
  /** Give up after this many seconds in which no batch on the analyze queue finished. */
  readonly timeoutSeconds: number;
  /** Whether this process runs an analyzer of its own (it changes the advice on a timeout). */
  readonly ranOwnAnalyzer: boolean;
  /** When the command began queueing (epoch ms), for the rate in the progress line. */
  readonly startedAt?: number;
}

/**
 * Waits for the batches this command queued, with a progress line on a terminal. Throws
 * ANALYSIS_INCOMPLETE saying what is pending and why when the wait gives up; returns the batches
 * that failed for good (each with its reason), so the caller can report them and exit non-zero.
 */
export async function waitForAnalysis(
  runtime: Runtime,
  batches: readonly AnalyzeBatchRef[],
  options: AnalysisWaitOptions,
): Promise<AnalyzeWaitResult['failed']> {
  const terminal = process.stdout.isTTY === true;
  let drawn = false;
  const result = await waitForAnalyzeBatches(runtime, batches, {
    idleTimeoutMs: options.timeoutSeconds * 1000,
    startedAt: options.startedAt,
    onProgress: terminal
      ? (progress) => {
          process.stdout.write(`\r\u001b[K${formatProgress(progress)}`);
          drawn = true;
        }
      : undefined,
  });
  if (drawn) process.stdout.write('\n');
  if (result.pending.length === 0) return result.failed;

  const pending = new Set(result.pending);
  const lines = explainIncompleteAnalysis({
    pendingBatches: pending.size,
    pendingPosts: batches.filter((b) => pending.has(b.jobId)).reduce((sum, b) => sum + b.posts, 0),
    totalBatches: batches.length,
    idleSeconds: options.timeoutSeconds,
    queuePrefix: runtime.queuePrefix,
    ranOwnAnalyzer: options.ranOwnAnalyzer,
    where: await describePendingBatches(runtime, result.pending),
  });
  if (result.failed.length > 0) lines.push(explainFailedBatches(result.failed));
  throw new PlacewatchError('ANALYSIS_INCOMPLETE', lines.join('\n'), { pending: pending.size, failed: result.failed.length });
}

/** Parses `--timeout SECONDS`: a positive number. */
export function parseTimeoutSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InvalidArgumentError('expected a positive number of seconds');
  return seconds;
}
