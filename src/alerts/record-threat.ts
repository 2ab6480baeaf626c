import type { Transaction } from 'kysely';
import { appendAlertEvent } from '../alert-events/index.js';
import type { Analysis, TargetedPlace } from '../analysis/index.js';
import { durationToMs, severityAtLeast, type RouteConfig, type ThresholdsFile } from '../config/index.js';
import type { Database } from '../db/index.js';
import { notifyAlertChange, type AlertChange } from '../notify/index.js';
import { alertFigures, grownFigures, isCampaign, severityAfterAdding } from './alert-figures.js';
import { evidenceGrowthOf } from './evidence-growth.js';
import type { AlertRow } from './alert-row.js';
import { isAlertSilenced } from './silence-repository.js';
import type { BatchIncidents } from './batch-incidents.js';
import {
  computeEvidenceStats,
  computePeakPerHour,
  findCandidateAlerts,
  findResolvedAlert,
  insertAlert,
  insertEvidence,
  lockIncidentKey,
  mergeAlertInto,
  updateAlert,
  updateAlertFiguresOf,
} from './alert-repository.js';

export interface ThreatEvidence {
  readonly postId: string;
  readonly publishedAt: Date;
  /** The published time in µs as stored (a feed's time may be finer than the Date's ms); with a BatchIncidents view. */
  readonly publishedAtMicros?: number;
  readonly clusterId: string | null;
  readonly analysis: Analysis;
  readonly target: TargetedPlace;
}

export interface GroupingPolicy {
  readonly thresholds: ThresholdsFile;
  readonly routes: readonly RouteConfig[];
  readonly publicUrl: string;
}

export interface RecordResult {
  readonly alertId: string;
  readonly created: boolean;
  readonly attached: boolean;
  readonly changes: readonly AlertChange[];
}

const ACTOR = 'analyzer';

/** The analyzer's audit event when an incident's severity rises (before migration 0007: `escalated`). */
export const SEVERITY_RAISED = 'severity_raised';

/**
 * The alerts a batch attached evidence to whose figures are not yet written: what their figures are
 * after that evidence (known without recomputing), and the posts attached since their figures were
 * last written, from which `writeBatchFigures` grows the written figures once at the end of the
 * batch's transaction instead of once per post.
 */
export class PendingFigures {
  readonly alerts = new Map<string, PendingAlert>();
  private readonly added = new Map<string, string[]>();

  /** `postId` joined the alert; its figures are now `figures`. */
  add(alertId: string, postId: string, figures: PendingAlert): void {
    this.alerts.set(alertId, figures);
    const posts = this.added.get(alertId);
    if (posts) posts.push(postId);
    else this.added.set(alertId, [postId]);
  }

  /** The alert's figures are written from all of its evidence now; true when it was pending. */
  drop(alertId: string): boolean {
    this.added.delete(alertId);
    return this.alerts.delete(alertId);
  }

  /** Per pending alert, the posts attached since its figures were last written. */
  addedPosts(): ReadonlyMap<string, readonly string[]> {
    return this.added;
  }

  clear(): void {
    this.alerts.clear();
    this.added.clear();
  }
}

interface PendingAlert {
  readonly severity: AlertRow['severity'];
  readonly campaign: boolean;
  readonly post_count: number;
  readonly first_seen: Date;
}

/**
 * Writes the figures of every alert the batch left pending, in three statements whatever the
 * alerts' size: the batch's evidence, what it adds to each alert (evidenceGrowthOf), the figures.
 * Call before commit.
 */
export async function writeBatchFigures(tx: Transaction<Database>, pending: PendingFigures, view?: BatchIncidents): Promise<void> {
  await view?.flush(tx);
  const growth = await evidenceGrowthOf(tx, pending.addedPosts());
  await updateAlertFiguresOf(
    tx,
    [...growth].map(([alertId, g]) => ({ alertId, figures: grownFigures(g.before, g.added) })),
  );
  pending.clear();
}

async function writeFigures(tx: Transaction<Database>, alertId: string, policy: GroupingPolicy): Promise<void> {
  await updateAlert(tx, alertId, alertFigures(await computeEvidenceStats(tx, alertId), policy.thresholds.campaign));
}

/** The advisory-lock key that serialises writers of one place's incidents. */
export function incidentLockKey(placeId: string): string {
  return `incident:${placeId}`;
}

/**
 * Files one post's threat against one place into its incident. An incident is a connected group:
 * posts about the same place within the grouping window of each other (measured on published
 * time), whatever their threat categories, or of one near-duplicate cluster. A post that bridges two incidents merges them
 * into the older one. Figures are recomputed from the evidence, so the final alerts depend only on
 * which posts arrived — not on their order, repeats or retries.
 */
export async function recordThreat(
  tx: Transaction<Database>,
  evidence: ThreatEvidence,
  policy: GroupingPolicy,
  pending?: PendingFigures,
  /** Places whose incident lock the caller already took in this transaction (one round trip fewer each). */
  lockedPlaces?: ReadonlySet<string>,
  /** The batch's incidents in memory (loaded under the locks of all its places): no search or insert per post. */
  view?: BatchIncidents,
): Promise<RecordResult> {
  const { target } = evidence;
  // One lock per place: an incident is a place's, so the whole place is one critical section.
  if (!lockedPlaces?.has(target.placeId)) await lockIncidentKey(tx, incidentLockKey(target.placeId));
  const windowMs = durationToMs(policy.thresholds.grouping.window);
  const reopenResolved = policy.thresholds.after_triage.resolved === 'reopen';
  const query = { placeId: target.placeId, at: evidence.publishedAt, windowMs, clusterId: evidence.clusterId, includeResolved: reopenResolved };
  let candidates = view ? view.candidates(query) : await findCandidateAlerts(tx, query);
  // Whatever reads the evidence back (figures, merges, silences) must see the batch's so far.
  const flush = async () => view?.flush(tx);

  // Alerts with pending figures are what they would be had each post been written at once.
  if (pending) candidates = asIfWritten(candidates, pending);

  let alert: AlertRow;
  let created = false;
  if (candidates.length === 0) {
    const resolved = reopenResolved ? undefined : await findResolvedAlert(tx, target.placeId, evidence.publishedAt, windowMs);
    alert = await insertAlert(tx, {
      placeId: target.placeId,
      placeName: target.name,
      category: target.category,
      severity: target.severity,
      score: target.score,
      seenAt: evidence.publishedAt,
      ...(resolved ? { linkedAlertId: resolved.id } : {}),
    });
    view?.opened(alert);
    created = true;
  } else {
    alert = candidates[0]!;
    for (const other of candidates.slice(1)) {
      await flush();
      // A merged alert keeps the figures it had when merged, as if written post by post.
      if (pending?.drop(other.id)) await writeFigures(tx, other.id, policy);
      await mergeAlertInto(tx, other, alert, ACTOR);
      view?.merged(other.id, alert.id);
      await view?.reload(tx, [other.id]);
    }
  }

  const row = {
    alertId: alert.id,
    postId: evidence.postId,
    placeId: target.placeId,
    score: target.score,
    severity: target.severity,
    category: target.category,
    explanation: evidence.analysis as unknown as Record<string, unknown>,
  };
  const attached = view
    ? view.attach(row, evidence.publishedAtMicros ?? evidence.publishedAt.getTime() * 1000, evidence.clusterId)
    : await insertEvidence(tx, row);
  if (!attached && candidates.length <= 1) return { alertId: alert.id, created: false, attached: false, changes: [] };

  if (pending && !created && candidates.length === 1 && alert.status !== 'resolved') {
    // The common case, one more post for a live alert: recompute its figures only if the post
    // changes what reviewers are told (a severity raise or a campaign), else once per batch.
    const after = await figuresAfterAdding(tx, alert, evidence, policy, flush);
    if (!after.changesNews) {
      if (alert.status === 'false_positive') await appendEvidenceAdded(tx, alert.id, evidence.postId);
      pending.add(alert.id, evidence.postId, after.figures);
      return { alertId: alert.id, created, attached, changes: [] };
    }
  }
  pending?.drop(alert.id);
  await flush();
  const changes = await refreshAlert(tx, alert, created, evidence, policy);
  await view?.reload(tx, [alert.id]);
  return { alertId: alert.id, created, attached, changes };
}

/** Candidates with their pending figures, oldest (by pending first_seen) first as findCandidateAlerts orders them. */
function asIfWritten(candidates: AlertRow[], pending: PendingFigures): AlertRow[] {
  const rows = candidates.map((row) => ({ ...row, ...pending.alerts.get(row.id) }));
  return rows.sort((a, b) => a.first_seen.getTime() - b.first_seen.getTime() || Number(BigInt(a.id) - BigInt(b.id)));
}

/**
 * An alert's severity, campaign flag, post count and first sighting once this post joins it, as
 * alertFigures would give them, and whether that is news (the escalation refreshAlert announces).
 */
async function figuresAfterAdding(
  tx: Transaction<Database>,
  alert: AlertRow,
  evidence: ThreatEvidence,
  policy: GroupingPolicy,
  flush: () => Promise<void>,
): Promise<{ figures: PendingAlert; changesNews: boolean }> {
  const campaignPolicy = policy.thresholds.campaign;
  const postCount = alert.post_count + 1;
  // No hour can hold more posts or authors than the alert has posts.
  const couldBeCampaign = postCount >= Math.min(campaignPolicy.distinct_authors_per_hour, campaignPolicy.posts_per_hour);
  const peaks = async () => {
    await flush();
    return computePeakPerHour(tx, alert.id, { from: evidence.publishedAt, to: evidence.publishedAt });
  };
  const campaign = alert.campaign || (couldBeCampaign && isCampaign(await peaks(), campaignPolicy));
  const severity = severityAfterAdding(alert, evidence.target.severity, campaign);
  const raised = severity !== alert.severity && severityAtLeast(severity, alert.severity);
  const firstSeen = evidence.publishedAt < alert.first_seen ? evidence.publishedAt : alert.first_seen;
  return { figures: { severity, campaign, post_count: postCount, first_seen: firstSeen }, changesNews: raised || (campaign && !alert.campaign) };
}

async function appendEvidenceAdded(tx: Transaction<Database>, alertId: string, postId: string): Promise<void> {
  await appendAlertEvent(tx, { alertId, actor: ACTOR, action: 'evidence_added', data: { postId } });
}

/** Recomputes the alert from its evidence, records what changed, and writes outbox rows for it. */
async function refreshAlert(
  tx: Transaction<Database>,
  alert: AlertRow,
  created: boolean,
  evidence: ThreatEvidence,
  policy: GroupingPolicy,
): Promise<AlertChange[]> {
  const stats = await computeEvidenceStats(tx, alert.id);
  const figures = alertFigures(stats, policy.thresholds.campaign);
  const { severity, campaign, category } = figures;

  const changes: AlertChange[] = [];
  let status = alert.status;
  if (created) {
    changes.push('opened');
    await appendAlertEvent(tx, {
      alertId: alert.id,
      actor: ACTOR,
      action: 'opened',
      toStatus: 'new',
      data: { postId: evidence.postId, severity: evidence.target.severity, linkedAlertId: alert.linked_alert_id },
    });
  } else if (alert.status === 'resolved') {
    status = 'new';
    changes.push('reopened');
    await appendAlertEvent(tx, {
      alertId: alert.id,
      actor: ACTOR,
      action: 'reopened',
      fromStatus: 'resolved',
      toStatus: 'new',
      data: { postId: evidence.postId, reason: 'new evidence' },
    });
  } else if (alert.status === 'false_positive') {
    // Attached quietly (no notification): reviewers judged this incident; the trail still shows it.
    await appendEvidenceAdded(tx, alert.id, evidence.postId);
  }
  // The incident's severity rose (stronger evidence, or a campaign): one escalation, whatever category
  // carried it. Named apart from the reviewers' Escalate status (old rows say `escalated`).
  const raised = !created && severity !== alert.severity && severityAtLeast(severity, alert.severity);
  const becameCampaign = campaign && !alert.campaign;
  if (raised || becameCampaign) {
    changes.push('escalated');
    await appendAlertEvent(tx, {
      alertId: alert.id,
      actor: ACTOR,
      action: SEVERITY_RAISED,
      fromStatus: status,
      toStatus: status,
      data: {
        reason: becameCampaign ? 'campaign' : 'evidence',
        from: alert.severity,
        severity,
        peakAuthorsPerHour: stats.peakAuthorsPerHour,
        peakPostsPerHour: stats.peakPostsPerHour,
        postId: evidence.postId,
      },
    });
  }

  await updateAlert(tx, alert.id, { status, ...figures });

  // A silence (place or phrase, with owner, reason and expiry) keeps quiet what it covers; the trail
  // says what was held back, and the alert shows again in the queue once the silence ends.
  const silenced = changes.length > 0 && alert.status !== 'false_positive' && (await isAlertSilenced(tx, alert.id));
  if (silenced) {
    await appendAlertEvent(tx, { alertId: alert.id, actor: ACTOR, action: 'notification_silenced', data: { changes } });
  }
  if (alert.status !== 'false_positive' && !silenced) {
    for (const change of changes) {
      // Config routes and stored subscriptions are matched and written in this same transaction.
      const routable = { placeId: alert.place_id, severity, category, categories: Object.keys(figures.category_counts), campaign };
      await notifyAlertChange(tx, policy.routes, routable, change, {
        alertId: alert.id,
        // One escalation per severity reached (and per campaign start): each is news once.
        sequence: change === 'reopened' ? evidence.postId : change === 'escalated' ? `${severity}${campaign ? '-campaign' : ''}` : '0',
        payload: {
          alertId: alert.id,
          event: change,
          place: alert.place_id,
          placeName: alert.place_name,
          severity,
          category,
          categories: figures.category_counts,
          postCount: figures.post_count,
          distinctAuthors: figures.distinct_authors,
          campaign,
          link: `${policy.publicUrl.replace(/\/$/, '')}/alerts/${alert.id}`,
        },
      });
    }
  }
  return changes;
}
