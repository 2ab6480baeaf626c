import { describe, expect, it } from 'vitest';
import { alertFigures, type EvidenceStats } from '../../../src/alerts/index.js';

const policy = { distinct_authors_per_hour: 5, posts_per_hour: 10 };

/** Evidence stats of posts by `authors` accounts, all within one hour, each with its own severity. */
function stats(severities: EvidenceStats['severities'], authors: number, overrides: Partial<EvidenceStats> = {}): EvidenceStats {
  return {
    postCount: authors,
    distinctAuthors: authors,
    distinctSources: 1,
    firstSeen: new Date('2026-11-20T01:00:00Z'),
    lastSeen: new Date('2026-11-20T01:30:00Z'),
    maxScore: 0.6,
    severities,
    representativePostId: '7',
    representativeCategory: 'death_threat',
    categoryCounts: { death_threat: authors },
    peakPostsPerHour: authors,
    peakAuthorsPerHour: authors,
    ...overrides,
  };
}

describe('alertFigures', () => {
  it('copies the counts, times and representative post from the evidence', () => {
    const s = stats(['medium'], 3, { distinctSources: 2, maxScore: 0.71 });
    expect(alertFigures(s, policy)).toEqual({
      category: 'death_threat',
      category_counts: { death_threat: 3 },
      severity: 'medium',
      max_score: 0.71,
      post_count: 3,
      distinct_authors: 3,
      distinct_sources: 2,
      campaign: false,
      first_seen: s.firstSeen,
      last_seen: s.lastSeen,
      representative_post_id: '7',
    });
  });

  it('takes the most urgent severity of the evidence, whatever order it comes in', () => {
    expect(alertFigures(stats(['low', 'high', 'medium'], 3), policy).severity).toBe('high');
    expect(alertFigures(stats(['medium', 'high', 'low'], 3), policy).severity).toBe('high');
    expect(alertFigures(stats(['none'], 1), policy).severity).toBe('none');
  });

  it('five authors within an hour are a campaign, one step more urgent; critical stays critical', () => {
    expect(alertFigures(stats(['medium'], 5), policy)).toMatchObject({ campaign: true, severity: 'high' });
    expect(alertFigures(stats(['critical', 'high'], 5), policy)).toMatchObject({ campaign: true, severity: 'critical' });
  });

  it('ten posts within an hour from few authors are a campaign too', () => {
    const burst = stats(['low'], 2, { postCount: 10, peakPostsPerHour: 10, peakAuthorsPerHour: 2 });
    expect(alertFigures(burst, policy)).toMatchObject({ campaign: true, severity: 'medium', post_count: 10, distinct_authors: 2 });
  });

  it('after a split leaves four authors, campaign and severity raise go together', () => {
    expect(alertFigures(stats(['medium'], 5), policy)).toMatchObject({ campaign: true, severity: 'high' });
    expect(alertFigures(stats(['medium'], 4), policy)).toMatchObject({ campaign: false, severity: 'medium', distinct_authors: 4 });
  });

  it('a merge whose authors together reach the threshold becomes a campaign', () => {
    const merged = stats(['medium', 'low'], 6, { peakAuthorsPerHour: 6 });
    expect(alertFigures(stats(['medium'], 3), policy)).toMatchObject({ campaign: false, severity: 'medium' });
    expect(alertFigures(merged, policy)).toMatchObject({ campaign: true, severity: 'high', distinct_authors: 6 });
  });

  it('the thresholds come from the policy, not from constants', () => {
    expect(alertFigures(stats(['medium'], 3), { distinct_authors_per_hour: 3, posts_per_hour: 10 }).campaign).toBe(true);
    expect(alertFigures(stats(['medium'], 5), { distinct_authors_per_hour: 6, posts_per_hour: 10 }).campaign).toBe(false);
  });
});
