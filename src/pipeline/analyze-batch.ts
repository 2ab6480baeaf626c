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
import { ensurePostPartitionsForMonth, findStoredKeys, insertAnalyzedPosts, postKey, recordFailedPost, updateSourceMarkers } from '../posts/index.js';
import type { Logger } from '../runtime/index.js';
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
  const fresh = await dropDuplicates(deps, posts);
  const { config, analyzer } = deps.active;
  const scored: Array<Omit<ScoredPost, 'clusterId'>> = [];
  const failures: Array<{ post: CanonicalPost; error: string }> = [];
  const turn = new EventLoopTurn();
  for (const post of fresh) {
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
  const outcome = await commitOrSplit(deps, await withClusters(deps, scored), failures);
  await deps.seen?.markSeen(fresh).catch((error) => deps.logger.warn({ err: errorMessage(error) }, 'could not mark posts seen'));
  return { received: posts.length, duplicates: posts.length - fresh.length, ...outcome };
}

/**
 * Scoring a batch is a long stretch of CPU. Batches in flight share the process, and another
 * batch's transaction may hold incident locks while it waits for its next statement to be sent:
 * giving the event loop a turn every half millisecond keeps those locks short (the lock-held time
 * per 1,000-post batch fell from ~140 to ~95 ms against a 2 ms turn; the turn itself costs µs).
 */
class EventLoopTurn {
  private last = performance.now();

  async yieldWhenDue(): Promise<void> {
    if (performance.now() - this.last < EVENT_LOOP_TURN_MS) return;
    await setImmediate();
    this.last = performance.now();
  }
}

const EVENT_LOOP_TURN_MS = 0.5;

/** The batch in one transaction; when Postgres refuses its data, post by post (see commitPostByPost). */
async function commitOrSplit(
  deps: AnalyzeBatchDeps,
  scored: readonly ScoredPost[],
  failures: ReadonlyArray<{ post: CanonicalPost; error: string }>,
): Promise<Omit<BatchOutcome, 'received' | 'duplicates'>> {
  const commitDeps = { db: deps.db, config: deps.active.config, publicUrl: deps.publicUrl };
  // The month's first batch opens the month's partition (once per process and month; outside the
  // batch's transaction, so its DDL never holds the batch's locks).
  await ensurePostPartitionsForMonth(deps.db, new Date(), (error) =>
    deps.logger.warn({ err: errorMessage(error) }, 'could not open the month of posts; retrying in a minute'),
  );
  try {
    return { ...(await commitScoredBatch(commitDeps, scored, failures)), failed: failures.length };
  } catch (error) {
    // Retrying the whole batch would fail the same way forever and lose every post in it.
    if (!isDataError(error)) throw error;
    deps.logger.warn({ posts: scored.length, err: errorMessage(error) }, 'batch refused by the database; committing post by post');
  }
  return commitPostByPost(deps, scored, failures, (items, itemFailures) => commitScoredBatch(commitDeps, items, itemFailures));
}

/**
 * The write half of a batch, in one transaction: posts (skipping any already stored), their
 * threats filed into incidents, and the posts the analyzer failed on.
 */
export async function commitScoredBatch(
  deps: { readonly db: Kysely<Database>; readonly config: PlacewatchConfig; readonly publicUrl: string },
  scored: readonly ScoredPost[],
  failures: ReadonlyArray<{ post: CanonicalPost; error: string }> = [],
): Promise<{ stored: number; alertsOpened: string[]; alertsTouched: string[] }> {
  const { config } = deps;
  const minimum = config.thresholds.alert_min_severity;
  const policy = { thresholds: config.thresholds, routes: config.routes.routes, publicUrl: deps.publicUrl };
  return deps.db.transaction().execute(async (tx) => {
    // Rows keyed by post first, incident locks after: the posts' insert (the batch's largest
    // statement) then runs outside every place's critical section. No deadlock follows: a writer
    // that holds incident locks has finished its post rows, so it never waits on another's.
    // A retried post that is stored now leaves the failed set in the same transaction (same statement).
    const stored = await insertAnalyzedPosts(tx, scored);
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
    await writeBatchFigures(tx, pending, policy, view);
    return { stored: stored.length, alertsOpened: [...opened], alertsTouched: [...touched] };
  });
}

/**
 * Only posts that threaten a place are clustered: that is where campaigns matter, and it keeps the
 * near-duplicate index small. Exact copies share the content fingerprint whatever their order.
 */
async function withClusters(deps: AnalyzeBatchDeps, scored: ReadonlyArray<Omit<ScoredPost, 'clusterId'>>): Promise<ScoredPost[]> {
  const threats = scored.filter((s) => s.analysis.targets.length > 0);
  // The batch's threats in one go, in batch order: the same clusters as one by one, in three Redis round trips.
  const assigned = deps.nearDuplicates
    ? await deps.nearDuplicates.assignAll(threats.map((s) => ({ text: s.post.text, at: new Date(s.post.publishedAt), ownId: s.fingerprint })))
    : threats.map((s) => ({ clusterId: s.fingerprint }));
  const clusters = new Map(threats.map((s, i) => [s, assigned[i]!.clusterId]));
  return scored.map((s) => ({ ...s, clusterId: clusters.get(s) ?? null }));
}

/** Exact duplicates: repeats inside the batch, items Redis remembers, and items already in Postgres. */
async function dropDuplicates(deps: AnalyzeBatchDeps, posts: readonly CanonicalPost[]): Promise<CanonicalPost[]> {
  const unique = new Map<string, CanonicalPost>();
  for (const post of posts) {
    const key = postKey(post.feed, post.externalId);
    if (!unique.has(key)) unique.set(key, post);
  }
  let candidates = [...unique.values()];
  if (deps.seen) {
    // Edited/deleted markers must reach the stored post, so those repeats are not dropped here.
    const seen = await deps.seen.filterSeen(candidates).catch(() => new Set<CanonicalPost>());
    candidates = candidates.filter((p) => !seen.has(p) || p.edited || p.deleted);
  }
  const stored = await findStoredKeys(deps.db, candidates);
  const repeats = candidates.filter((p) => stored.has(postKey(p.feed, p.externalId)));
  await updateSourceMarkers(deps.db, repeats);
  return candidates.filter((p) => !stored.has(postKey(p.feed, p.externalId)));
}
