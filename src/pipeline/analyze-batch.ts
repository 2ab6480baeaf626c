import { setImmediate } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { BatchIncidents, incidentLockKey, isoMicros, lockIncidentKeys, PendingFigures, recordThreat, writeBatchFigures } from '../alerts/index.js';
import { analysedText, analyzePost } from '../analysis/index.js';
import type { Analysis } from '../analysis/index.js';
import { durationToMs, severityAtLeast, sourceAffiliation, type PlacewatchConfig } from '../config/index.js';
import type { ActiveConfig } from '../config-versions/index.js';
import type { Database } from '../db/index.js';
import { contentFingerprint, type NearDuplicateIndex, type SeenItems } from '../dedup/index.js';
import { errorMessage } from '../errors.js';
import type { CanonicalPost } from '../feeds/index.js';
import {
  claimPostKeys,
  ensurePostPartitionsForMonth,
  findStoredKeys,
  insertClaimedPosts,
  postKey,
  recordFailedPost,
  updateSourceMarkers,
} from '../posts/index.js';
import type { Logger } from '../runtime/index.js';
import { IncidentLockHolders } from './incident-lock-holders.js';
import { commitPostByPost, isDataError } from './split-batch.js';

export interface AnalyzeBatchDeps {
  readonly db: Kysely<Database>;
  readonly active: ActiveConfig;
  readonly logger: Logger;
  readonly seen?: SeenItems;
  /** Clusters lightly edited copies; without it a cluster is the exact content fingerprint. */
  readonly nearDuplicates?: NearDuplicateIndex;
  readonly publicUrl: string;
}

export interface ScoredPost {
  readonly post: CanonicalPost;
  readonly analysis: Analysis;
  readonly fingerprint: string;
  readonly clusterId: string | null;
}

export interface BatchOutcome {
  readonly received: number;
  readonly duplicates: number;
  readonly stored: number;
  readonly failed: number;
  readonly alertsOpened: string[];
  readonly alertsTouched: string[];
}

/**
 * Runs one batch through the pipeline: drop exact duplicates, score, then write posts, alerts,
 * evidence, audit events and outbox rows in ONE transaction. Safe to run twice on the same batch:
 * stored posts are skipped, so a retry after a crash changes nothing.
 */
export async function analyzeBatch(deps: AnalyzeBatchDeps, posts: readonly CanonicalPost[]): Promise<BatchOutcome> {
  const candidates = await dropSeen(deps, posts);
  const { config, analyzer } = deps.active;
  const scored: Array<Omit<ScoredPost, 'clusterId'>> = [];
  let failures: Array<{ post: CanonicalPost; error: string }> = [];
  const turn = new EventLoopTurn();
  for (const post of candidates) {
    await turn.yieldWhenDue();
    let analysis: Analysis;
    try {
      // Who speaks matters: a feed or account known to speak for an armed group raises priority.
      const affiliation = sourceAffiliation(config.feeds, { feed: post.feed, authorHandle: post.author.handle, authorId: post.author.id });
      const text = analysedText(post.text, config.thresholds.analysis.max_text_chars);
      analysis = analyzePost({ text, lang: post.lang, affiliation }, analyzer);
    } catch (error) {
      failures.push({ post, error: errorMessage(error) });
      deps.logger.error({ feed: post.feed, externalId: post.externalId, err: errorMessage(error) }, 'analyzer failed on post');
      continue;
    }
    scored.push({ post, analysis, fingerprint: contentFingerprint(post.text) });
  }
  const repeats = new Set<CanonicalPost>();
  if (failures.length > 0) failures = await dropStoredFailures(deps, failures, repeats);
  const outcome = await commitOrSplit(deps, scored, failures, new BatchClusters(deps, repeats));
  const fresh = candidates.filter((p) => !repeats.has(p));
  await deps.seen?.markSeen(fresh).catch((error) => deps.logger.warn({ err: errorMessage(error) }, 'could not mark posts seen'));
  return { received: posts.length, duplicates: posts.length - fresh.length, ...outcome };
}

/** This process's batches holding incident locks: scoring waits while any does. */
const lockHolders = new IncidentLockHolders();

/**
 * Scoring a batch is a long stretch of CPU. Batches in flight share the process, and another
 * batch's transaction may hold incident locks while it waits for its next statement to be sent:
 * giving the event loop a turn every half millisecond, and not scoring while another batch holds
 * incident locks, keeps those locks short (see IncidentLockHolders).
 */
class EventLoopTurn {
  private last = performance.now();

  async yieldWhenDue(): Promise<void> {
    if (performance.now() - this.last < EVENT_LOOP_TURN_MS) return;
    await setImmediate();
    await lockHolders.released();
    this.last = performance.now();
  }
}

const EVENT_LOOP_TURN_MS = 0.5;

/** The batch in one transaction; when Postgres refuses its data, post by post (see commitPostByPost). */
async function commitOrSplit(
  deps: AnalyzeBatchDeps,
  scored: ReadonlyArray<Omit<ScoredPost, 'clusterId'>>,
  failures: ReadonlyArray<{ post: CanonicalPost; error: string }>,
  clusters: BatchClusters,
): Promise<Omit<BatchOutcome, 'received' | 'duplicates'>> {
  const commitDeps = { db: deps.db, config: deps.active.config, publicUrl: deps.publicUrl };
  // The month's first batch opens the month's partition (once per process and month; outside the
  // batch's transaction, so its DDL never holds the batch's locks).
  await ensurePostPartitionsForMonth(deps.db, new Date(), (error) =>
    deps.logger.warn({ err: errorMessage(error) }, 'could not open the month of posts; retrying in a minute'),
  );
  try {
    return { ...(await commitBatch(commitDeps, scored, failures, clusters)), failed: failures.length };
  } catch (error) {
    // Retrying the whole batch would fail the same way forever and lose every post in it.
    if (!isDataError(error)) throw error;
    deps.logger.warn({ posts: scored.length, err: errorMessage(error) }, 'batch refused by the database; committing post by post');
  }
  return commitPostByPost(deps, scored, failures, (items, itemFailures) => commitBatch(commitDeps, items, itemFailures, clusters));
}

/**
 * The write half of a batch, in one transaction: posts (skipping any already stored), their
 * threats filed into incidents, and the posts the analyzer failed on.
 */
export async function commitScoredBatch(
  deps: CommitDeps,
  scored: readonly ScoredPost[],
  failures: ReadonlyArray<{ post: CanonicalPost; error: string }> = [],
): Promise<{ stored: number; alertsOpened: string[]; alertsTouched: string[] }> {
  return commitBatch(deps, scored, failures, { ofClaimed: async (claimed) => claimed });
}

type CommitDeps = { readonly db: Kysely<Database>; readonly config: PlacewatchConfig; readonly publicUrl: string };

/** Gives the posts a batch stores (its keys claimed) their clusters; told which posts were stored before. */
interface ClusterSource<T> {
  ofClaimed(claimed: readonly T[]): Promise<readonly ScoredPost[]>;
  storedBefore?(posts: readonly CanonicalPost[]): void;
}

/** commitScoredBatch, with the clusters given once the batch knows which of its posts it stores. */
async function commitBatch<T extends Omit<ScoredPost, 'clusterId'>>(
  deps: CommitDeps,
  scored: readonly T[],
  failures: ReadonlyArray<{ post: CanonicalPost; error: string }>,
  clusters: ClusterSource<T>,
): Promise<{ stored: number; alertsOpened: string[]; alertsTouched: string[] }> {
  const { config } = deps;
  const minimum = config.thresholds.alert_min_severity;
  const policy = { thresholds: config.thresholds, routes: config.routes.routes, publicUrl: deps.publicUrl };
  let holding = false;
  return deps.db
    .transaction()
    .execute(async (tx) => {
      // Rows keyed by post first, incident locks after: the posts' insert (the batch's largest
      // statement) then runs outside every place's critical section. No deadlock follows: a writer
      // that holds incident locks has finished its post rows, so it never waits on another's.
      // A retried post that is stored now leaves the failed set in the same transaction (same statement).
      const ids = await claimPostKeys(
        tx,
        scored.map((s) => s.post),
      );
      // A key held already is a post stored before: it gets the source's markers, and nothing else
      // (no analysis stored, no cluster, no evidence). Claiming is the batch's one check for it.
      const claimed = scored.filter((s) => ids.has(postKey(s.post.feed, s.post.externalId)));
      if (claimed.length < scored.length) {
        const repeats = scored.filter((s) => !ids.has(postKey(s.post.feed, s.post.externalId))).map((s) => s.post);
        await updateSourceMarkers(tx, repeats);
        clusters.storedBefore?.(repeats);
      }
      const stored = await insertClaimedPosts(tx, await clusters.ofClaimed(claimed), ids);
      for (const failure of failures) await recordFailedPost(tx, failure.post, failure.error);
      // Every incident lock this batch needs, in one statement and a fixed order: two analyzers with
      // overlapping batches then queue up instead of deadlocking.
      const threats = stored.flatMap(({ id, post, analysis, clusterId }) =>
        analysis.targets
          .filter((target) => severityAtLeast(target.severity, minimum))
          .map((target) => ({
            postId: id,
            publishedAt: new Date(post.publishedAt),
            publishedAtMicros: isoMicros(post.publishedAt),
            clusterId,
            analysis,
            target,
          })),
      );
      const places = new Set(threats.map((t) => t.target.placeId));
      await lockIncidentKeys(
        tx,
        [...places].map((place) => incidentLockKey(place)),
      );
      // Held until the transaction ends (commit or rollback).
      lockHolders.enter();
      holding = true;
      const opened = new Set<string>();
      const touched = new Set<string>();
      // Each touched alert's figures are recomputed once, after all of the batch's evidence for it.
      const pending = new PendingFigures();
      // The places' incidents in memory while the locks are held: two statements for the batch's
      // candidate searches, one for its evidence, instead of two per threat.
      const view = await BatchIncidents.load(
        tx,
        threats.map((t) => ({ placeId: t.target.placeId, at: t.publishedAt, clusterId: t.clusterId })),
        durationToMs(config.thresholds.grouping.window),
      );
      for (const evidence of threats) {
        const result = await recordThreat(tx, evidence, policy, pending, places, view);
        if (result.created) opened.add(result.alertId);
        if (result.attached) touched.add(result.alertId);
      }
      await writeBatchFigures(tx, pending, view);
      return { stored: stored.length, alertsOpened: [...opened], alertsTouched: [...touched] };
    })
    .finally(() => {
      if (holding) lockHolders.leave();
    });
}

/**
 * The clusters of a batch's posts, each assigned once: a batch refused by Postgres is committed
 * again post by post, and those commits reuse the batch's assignments (no second trip to the index
 * it already wrote). Only posts the batch stores are assigned: a post stored before keeps its cluster.
 */
class BatchClusters implements ClusterSource<Omit<ScoredPost, 'clusterId'>> {
  private readonly assigned = new Map<Omit<ScoredPost, 'clusterId'>, string | null>();

  constructor(
    private readonly deps: AnalyzeBatchDeps,
    /** Collects the batch's posts found stored before. */
    private readonly repeats: Set<CanonicalPost>,
  ) {}

  async ofClaimed(claimed: ReadonlyArray<Omit<ScoredPost, 'clusterId'>>): Promise<ScoredPost[]> {
    const todo = claimed.filter((s) => !this.assigned.has(s));
    const ids = await clusterIds(this.deps, todo);
    todo.forEach((s, i) => this.assigned.set(s, ids[i]!));
    return claimed.map((s) => ({ ...s, clusterId: this.assigned.get(s)! }));
  }

  storedBefore(posts: readonly CanonicalPost[]): void {
    for (const post of posts) this.repeats.add(post);
  }
}

/**
 * Only posts that threaten a place are clustered: that is where campaigns matter, and it keeps the
 * near-duplicate index small. Exact copies share the content fingerprint whatever their order.
 */
async function clusterIds(deps: AnalyzeBatchDeps, scored: ReadonlyArray<Omit<ScoredPost, 'clusterId'>>): Promise<Array<string | null>> {
  const threats = scored.filter((s) => s.analysis.targets.length > 0);
  // The batch's threats in one go, in batch order: the same clusters as one by one, in three Redis round trips.
  const assigned = deps.nearDuplicates
    ? await deps.nearDuplicates.assignAll(threats.map((s) => ({ text: s.post.text, at: new Date(s.post.publishedAt), ownId: s.fingerprint })))
    : threats.map((s) => ({ clusterId: s.fingerprint }));
  const clusters = new Map(threats.map((s, i) => [s, assigned[i]!.clusterId]));
  return scored.map((s) => clusters.get(s) ?? null);
}

/**
 * Exact duplicates found without Postgres: repeats inside the batch and items Redis remembers. Posts
 * stored before that Redis forgot are found when the batch claims its keys (see commitBatch).
 */
async function dropSeen(deps: AnalyzeBatchDeps, posts: readonly CanonicalPost[]): Promise<CanonicalPost[]> {
  const unique = new Map<string, CanonicalPost>();
  for (const post of posts) {
    const key = postKey(post.feed, post.externalId);
    if (!unique.has(key)) unique.set(key, post);
  }
  const candidates = [...unique.values()];
  if (!deps.seen) return candidates;
  // Edited/deleted markers must reach the stored post, so those repeats are not dropped here.
  const seen = await deps.seen.filterSeen(candidates).catch(() => new Set<CanonicalPost>());
  return candidates.filter((p) => !seen.has(p) || p.edited || p.deleted);
}

/**
 * Posts the analyzer failed on that were stored before (a re-poll; rare, so one query only then):
 * they get the source's markers and are dropped, not recorded as failed (a post is in `posts` or in
 * `failed_posts`, never both). Adds them to `repeats`; returns the others.
 */
async function dropStoredFailures(
  deps: AnalyzeBatchDeps,
  failures: ReadonlyArray<{ post: CanonicalPost; error: string }>,
  repeats: Set<CanonicalPost>,
): Promise<Array<{ post: CanonicalPost; error: string }>> {
  const stored = await findStoredKeys(
    deps.db,
    failures.map((f) => f.post),
  );
  const before = failures.filter((f) => stored.has(postKey(f.post.feed, f.post.externalId))).map((f) => f.post);
  await updateSourceMarkers(deps.db, before);
  for (const post of before) repeats.add(post);
  return failures.filter((f) => !stored.has(postKey(f.post.feed, f.post.externalId)));
}
