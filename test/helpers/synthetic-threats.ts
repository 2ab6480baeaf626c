import type { Analysis } from '../../src/analysis/types.js';
import type { Severity, ThreatCategory } from '../../src/config/index.js';
import { contentFingerprint } from '../../src/dedup/index.js';
import type { CanonicalPost } from '../../src/feeds/canonical-post.js';
import type { ScoredPost } from '../../src/pipeline/index.js';

export interface SyntheticThreat {
  readonly id: string;
  readonly author: string;
  /** Minutes after 2026-11-20T00:00Z. */
  readonly minute: number;
  readonly place?: string;
  readonly category?: ThreatCategory;
  readonly severity?: Severity;
  readonly score?: number;
  readonly text?: string;
  readonly feed?: string;
  readonly cluster?: string | null;
}

const BASE = Date.UTC(2026, 10, 20);

/**
 * A scored post with a hand-made analysis, so grouping tests state exactly which place, category
 * and severity each post carries, independent of the analyzer's judgement.
 */
export function syntheticThreat(t: SyntheticThreat): ScoredPost {
  const text = t.text ?? `synthetic threat ${t.id}`;
  const post: CanonicalPost = {
    feed: t.feed ?? 'synthetic',
    externalId: t.id,
    author: { id: t.author, handle: t.author, displayName: null },
    text,
    lang: 'en',
    publishedAt: new Date(BASE + t.minute * 60_000).toISOString(),
    url: null,
    links: [],
    media: [],
    edited: false,
    deleted: false,
    truncated: false,
  };
  const place = t.place ?? 'darat-izza';
  const category = t.category ?? 'death_threat';
  const severity = t.severity ?? 'high';
  const score = t.score ?? 0.8;
  const analysis: Analysis = {
    score,
    severity,
    category,
    places: [],
    signals: [],
    modifiers: [],
    configVersion: 'test',
    modelVersion: 'test',
    targets: [{ placeId: place, name: place, score, severity, category, linkedBy: 'test' }],
    explanation: `${category} against ${place}`,
  };
  const fingerprint = contentFingerprint(text);
  return { post, analysis, fingerprint, clusterId: t.cluster === undefined ? fingerprint : t.cluster };
}
