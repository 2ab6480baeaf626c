import { describe, expect, it } from 'vitest';
import { explainFailedBatches, explainIncompleteAnalysis, formatProgress, type IncompleteAnalysis } from '../../../src/cli/analysis-messages.js';

const stuck: IncompleteAnalysis = {
  pendingBatches: 3,
  pendingPosts: 250,
  totalBatches: 5,
  idleSeconds: 60,
  queuePrefix: '{placewatch}',
  ranOwnAnalyzer: false,
  where: { waiting: 3, active: 0, retrying: 0, analyzers: 0, lastError: null },
};

describe('what a waiting command tells the operator', () => {
  it('progress counts posts and batches and gives the rate since the wait began', () => {
    expect(formatProgress({ analysedPosts: 300, totalPosts: 700, finishedBatches: 3, totalBatches: 7, elapsedMs: 2_000 })).toBe(
      'analysed 300 / 700 posts (3 / 7 batches), 150 posts/s',
    );
  });

  it('a timeout with nobody analysing names the missing analyzer and how to get one', () => {
    expect(explainIncompleteAnalysis(stuck)).toEqual([
      '3 of 5 batches (250 posts) not analysed: no batch on the analyze queue finished for 60 s',
      'no analyzer is running on the analyze queue (prefix {placewatch}): start one with `placewatch start --role analyzer`, ' +
        'or run without --no-analyzer so this command analyses them itself',
    ]);
  });

  it('a timeout with analyzers present says whether batches wait, hang or retry, with the last error', () => {
    const lines = explainIncompleteAnalysis({
      ...stuck,
      ranOwnAnalyzer: true,
      where: { waiting: 1, active: 1, retrying: 1, analyzers: 2, lastError: 'connection terminated' },
    });
    expect(lines.slice(1)).toEqual([
      '1 batches waiting although 2 analyzers are connected: they are busy with other work or stuck',
      "1 batches taken by an analyzer that has not finished them; a stuck analyzer's batch is retried once its lock (PLACEWATCH_JOB_LOCK_MS) expires",
      '1 batches failed and wait to be retried; last error: connection terminated',
    ]);
  });

  it('batches that failed for good are counted and the first reason is shown', () => {
    expect(
      explainFailedBatches([
        { jobId: 'batch-1', reason: 'deadlock detected' },
        { jobId: 'batch-2', reason: 'x' },
      ]),
    ).toBe("2 batches failed for good (first: batch-1: deadlock detected); see the analyze queue's failed jobs");
  });
});
