import { maxSeverity, raiseSeverity, type Severity, type ThresholdsFile } from '../config/index.js';
import type { AlertRow } from './alert-row.js';

/** What an alert's evidence adds up to, as counted in the database (see computeEvidenceStats). */
export interface EvidenceStats {
  readonly postCount: number;
  readonly distinctAuthors: number;
  readonly distinctSources: number;
  readonly firstSeen: Date;
  readonly lastSeen: Date;
  readonly maxScore: number;
  readonly severities: readonly Severity[];
  readonly representativePostId: string;
  /** Category of the representative (highest-scoring) evidence. */
  readonly representativeCategory: string;
  /** Evidence posts per threat category. */
  readonly categoryCounts: Readonly<Record<string, number>>;
  /** Most posts and most distinct authors found in any one-hour window of published time. */
  readonly peakPostsPerHour: number;
  readonly peakAuthorsPerHour: number;
}

/** When a burst of evidence counts as a campaign (thresholds.yaml `campaign`). */
export type CampaignPolicy = ThresholdsFile['campaign'];

/** The alert columns that follow from its evidence; nothing else writes them. */
export type AlertFigures = Pick<
  AlertRow,
  | 'category'
  | 'category_counts'
  | 'severity'
  | 'max_score'
  | 'post_count'
  | 'distinct_authors'
  | 'distinct_sources'
  | 'campaign'
  | 'first_seen'
  | 'last_seen'
  | 'representative_post_id'
>;

/** Figures of an alert whose evidence all moved to another (the source of a merge). */
export const EMPTIED_FIGURES = {
  category_counts: {},
  post_count: 0,
  distinct_authors: 0,
  distinct_sources: 0,
  campaign: false,
} as const satisfies Partial<AlertFigures>;

/**
 * Every figure of an alert from its evidence stats: the analyzer adding a post, and a reviewer
 * splitting or merging, all go through here, so an alert's campaign flag and its severity raise
 * always agree with the evidence it holds.
 *
 * @example alertFigures(await computeEvidenceStats(tx, alertId), thresholds.campaign)
 */
export function alertFigures(stats: EvidenceStats, policy: CampaignPolicy): AlertFigures {
  const campaign = isCampaign(stats, policy);
  const strongest = stats.severities.reduce<Severity>((acc, s) => maxSeverity(acc, s), 'none');
  return {
    category: stats.representativeCategory,
    category_counts: { ...stats.categoryCounts },
    severity: incidentSeverity(strongest, campaign),
    max_score: stats.maxScore,
    post_count: stats.postCount,
    distinct_authors: stats.distinctAuthors,
    distinct_sources: stats.distinctSources,
    campaign,
    first_seen: stats.firstSeen,
    last_seen: stats.lastSeen,
    representative_post_id: stats.representativePostId,
  };
}

/**
 * What evidence added to an alert since its figures were written brings: its own counts, the
 * authors and feeds among it that the alert had no post from, and the representative among it and
 * the alert's current one.
 */
export interface AddedEvidence extends Pick<
  EvidenceStats,
  'firstSeen' | 'lastSeen' | 'maxScore' | 'severities' | 'representativePostId' | 'representativeCategory' | 'categoryCounts'
> {
  readonly postCount: number;
  readonly newAuthors: number;
  readonly newSources: number;
}

/**
 * alertFigures of an alert's evidence once `added` joins it, from the figures written before
 * (`before`, which counted all of its other evidence): equal to recomputing from all the evidence
 * for evidence that did not make the alert a campaign. Evidence that does is news, and recordThreat
 * writes the alert's figures from all of its evidence when it comes; only the rest waits for this.
 */
export function grownFigures(
  before: Pick<
    AlertFigures,
    'severity' | 'campaign' | 'max_score' | 'post_count' | 'distinct_authors' | 'distinct_sources' | 'first_seen' | 'last_seen' | 'category_counts'
  >,
  added: AddedEvidence,
): AlertFigures {
  const { campaign } = before;
  const strongest = added.severities.reduce<Severity>((acc, s) => maxSeverity(acc, s), 'none');
  const categoryCounts: Record<string, number> = { ...before.category_counts };
  for (const [category, n] of Object.entries(added.categoryCounts)) categoryCounts[category] = (categoryCounts[category] ?? 0) + n;
  return {
    category: added.representativeCategory,
    category_counts: categoryCounts,
    severity: severityAfterAdding(before, strongest, campaign),
    max_score: Math.max(before.max_score, added.maxScore),
    post_count: before.post_count + added.postCount,
    distinct_authors: before.distinct_authors + added.newAuthors,
    distinct_sources: before.distinct_sources + added.newSources,
    campaign,
    first_seen: added.firstSeen < before.first_seen ? added.firstSeen : before.first_seen,
    last_seen: added.lastSeen > before.last_seen ? added.lastSeen : before.last_seen,
    representative_post_id: added.representativePostId,
  };
}

/** Whether the busiest hour of an alert's evidence makes it a campaign. */
export function isCampaign(peaks: Pick<EvidenceStats, 'peakAuthorsPerHour' | 'peakPostsPerHour'>, policy: CampaignPolicy): boolean {
  return peaks.peakAuthorsPerHour >= policy.distinct_authors_per_hour || peaks.peakPostsPerHour >= policy.posts_per_hour;
}

/** A campaign is one step more urgent than its most urgent post. */
function incidentSeverity(strongest: Severity, campaign: boolean): Severity {
  return campaign ? raiseSeverity(strongest) : strongest;
}

/**
 * The severity alertFigures gives an alert once one post of severity `added` joins evidence whose
 * figures were `before`, and `campaign` is the campaign flag after it. Exact without the other
 * posts' severities: a campaign never ends when evidence is added, and raising keeps the order.
 */
export function severityAfterAdding(before: Pick<AlertFigures, 'severity' | 'campaign'>, added: Severity, campaign: boolean): Severity {
  // Without a campaign before, the alert's severity is its strongest post's.
  if (!before.campaign) return incidentSeverity(maxSeverity(before.severity, added), campaign);
  return maxSeverity(before.severity, incidentSeverity(added, true));
}
