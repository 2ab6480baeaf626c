import type { Transaction } from 'kysely';
import type { Analysis, TargetedPlace } from '../analysis/types.js';
import {
  durationToMs,
  maxSeverity,
  raiseSeverity,
  type RouteConfig,
  type Severity,
  type ThresholdsFile,
} from '../config/index.js';
import type { Database } from '../db/schema.js';
import { enqueueNotifications, matchRoutes, type AlertChange } from '../notify/index.js';
import {
  appendAlertEvent,
  computeEvidenceStats,
  findGroupableAlert,
  insertAlert,
  insertEvidence,
  lockIncidentKey,
  updateAlert,
  type AlertRow,
} from './alert-repository.js';

export interface ThreatEvidence {
  readonly postId: string;
  readonly publishedAt: Date;
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

/**
 * Files one post's threat against one place into its incident: the alert for the same place and
 * category within the grouping window (measured on published time), or a new one. Figures are
 * recomputed from the evidence, so a retried or reordered stream ends in the same alert.
 */
export async function recordThreat(
  tx: Transaction<Database>,
  evidence: ThreatEvidence,
  policy: GroupingPolicy,
): Promise<RecordResult> {
  const { target } = evidence;
  await lockIncidentKey(tx, `incident:${target.placeId}:${target.category}`);
  const windowMs = durationToMs(policy.thresholds.grouping.window);
  const existing = await findGroupableAlert(tx, target.placeId, target.category, evidence.publishedAt, windowMs);

  let alert: AlertRow;
  let created = false;
  const opensLinked = existing?.status === 'resolved' && policy.thresholds.after_triage.resolved === 'open_linked';
  if (existing && !opensLinked) {
    alert = existing;
  } else {
    alert = await insertAlert(tx, {
      placeId: target.placeId,
      placeName: target.name,
      category: target.category,
      severity: target.severity,
      score: target.score,
      seenAt: evidence.publishedAt,
      ...(existing ? { linkedAlertId: existing.id } : {}),
    });
    created = true;
  }

  const attached = await insertEvidence(tx, {
    alertId: alert.id,
    postId: evidence.postId,
    placeId: target.placeId,
    score: target.score,
    severity: target.severity,
    category: target.category,
    explanation: evidence.analysis as unknown as Record<string, unknown>,
  });
  if (!attached) return { alertId: alert.id, created: false, attached: false, changes: [] };

  const changes = await refreshAlert(tx, alert, created, evidence, policy);
  return { alertId: alert.id, created, attached, changes };
}

async function refreshAlert(
  tx: Transaction<Database>,
  alert: AlertRow,
  created: boolean,
  evidence: ThreatEvidence,
  policy: GroupingPolicy,
): Promise<AlertChange[]> {
  const stats = await computeEvidenceStats(tx, alert.id);
  const { campaign: campaignPolicy } = policy.thresholds;
  const campaign =
    stats.peakAuthorsPerHour >= campaignPolicy.distinct_authors_per_hour ||
    stats.peakPostsPerHour >= campaignPolicy.posts_per_hour;
  const base = stats.severities.reduce<Severity>((acc, s) => maxSeverity(acc, s as Severity), 'none');
  const severity = campaign ? raiseSeverity(base) : base;

  const changes: AlertChange[] = [];
  let status = alert.status;
  const actor = 'analyzer';
  if (created) {
    changes.push('opened');
    await appendAlertEvent(tx, {
      alertId: alert.id, actor, action: 'opened', toStatus: 'new',
      data: { postId: evidence.postId, severity: evidence.target.severity, linkedAlertId: alert.linked_alert_id },
    });
  } else if (alert.status === 'resolved') {
    status = 'new';
    changes.push('reopened');
    await appendAlertEvent(tx, {
      alertId: alert.id, actor, action: 'reopened', fromStatus: 'resolved', toStatus: 'new',
      data: { postId: evidence.postId, reason: 'new evidence' },
    });
  } else if (alert.status === 'false_positive') {
    // Attached quietly: reviewers judged this incident; the trail still shows what arrived.
    await appendAlertEvent(tx, { alertId: alert.id, actor, action: 'evidence_added', data: { postId: evidence.postId } });
  }
  if (campaign && !alert.campaign) {
    changes.push('escalated');
    await appendAlertEvent(tx, {
      alertId: alert.id, actor, action: 'escalated', fromStatus: status, toStatus: status,
      data: { reason: 'campaign', peakAuthorsPerHour: stats.peakAuthorsPerHour, peakPostsPerHour: stats.peakPostsPerHour, severity },
    });
  }

  await updateAlert(tx, alert.id, {
    status,
    severity,
    max_score: stats.maxScore,
    post_count: stats.postCount,
    distinct_authors: stats.distinctAuthors,
    distinct_sources: stats.distinctSources,
    campaign: campaign || alert.campaign,
    first_seen: stats.firstSeen,
    last_seen: stats.lastSeen,
    representative_post_id: stats.representativePostId,
  });

  if (alert.status !== 'false_positive') {
    for (const change of changes) {
      const routable = { placeId: alert.place_id, severity, category: alert.category, campaign };
      const routes = matchRoutes(policy.routes, routable, change);
      await enqueueNotifications(tx, routes, {
        alertId: alert.id,
        change,
        sequence: change === 'reopened' ? evidence.postId : '0',
        payload: {
          alertId: alert.id, event: change, place: alert.place_id, placeName: alert.place_name,
          severity, category: alert.category, postCount: stats.postCount, distinctAuthors: stats.distinctAuthors,
          campaign, link: `${policy.publicUrl.replace(/\/$/, '')}/alerts/${alert.id}`,
        },
      });
    }
  }
  return changes;
}
