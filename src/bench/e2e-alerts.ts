import { analysedText, analyzePost } from '../analysis/index.js';
import { sourceAffiliation } from '../config/index.js';
import type { Database } from '../db/index.js';
import { readPostsFromFile, type CanonicalPost } from '../feeds/index.js';
import { analyzeBatch } from '../pipeline/index.js';
import type { Runtime } from '../runtime/index.js';
import type { Kysely } from 'kysely';

/** Posts per batch of the slow run: small, one at a time, so no two batches are ever in flight. */
const SLOW_BATCH = 10;

/**
 * The alerts a run left, one line per live (not merged) alert: its place, its categories with their
 * post counts, and its post count. Sorted, so two runs compare as lists whatever the alert ids.
 */
export async function alertSummary(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('alerts').select(['place_id', 'category_counts', 'post_count']).where('status', '<>', 'merged').execute();
  return rows
    .map((row) => {
      const counts = (typeof row.category_counts === 'string' ? JSON.parse(row.category_counts) : row.category_counts) as Record<string, number>;
      const categories = Object.keys(counts)
        .sort()
        .map((c) => `${c}=${counts[c]}`)
        .join(',');
      return `${row.place_id} [${categories}] posts=${row.post_count}`;
    })
    .sort();
}

/**
 * The reference for a throughput run's alerts: the same file through analyzeBatch in this process,
 * batch after batch in file order, with nothing in flight beside it. Only the posts the analyzer
 * finds a target in are committed: the others are never evidence, so the alerts are the same and
 * the reference costs seconds, not a second throughput run.
 */
export async function slowRunAlerts(runtime: Runtime, file: string): Promise<string[]> {
  const active = runtime.config.current;
  const { config, analyzer } = active;
  const threats: CanonicalPost[] = [];
  for await (const item of readPostsFromFile(file, { feed: 'e2e-bench' })) {
    const post = item.post;
    if (!post) continue;
    const affiliation = sourceAffiliation(config.feeds, { feed: post.feed, authorHandle: post.author.handle, authorId: post.author.id });
    const analysis = analyzePost({ text: analysedText(post.text, config.thresholds.analysis.max_text_chars), lang: post.lang, affiliation }, analyzer);
    if (analysis.targets.length > 0) threats.push(post);
  }
  const deps = {
    db: runtime.database.db,
    active,
    logger: runtime.logger,
    seen: runtime.seen,
    nearDuplicates: runtime.nearDuplicates,
    publicUrl: runtime.publicUrl,
  };
  for (let i = 0; i < threats.length; i += SLOW_BATCH) await analyzeBatch(deps, threats.slice(i, i + SLOW_BATCH));
  return alertSummary(runtime.database.db);
}

/** Lines of one summary missing from the other, both ways (as multisets): empty when the alerts are the same. */
export function alertDifferences(expected: readonly string[], actual: readonly string[]): string[] {
  const balance = new Map<string, number>();
  for (const line of expected) balance.set(line, (balance.get(line) ?? 0) + 1);
  for (const line of actual) balance.set(line, (balance.get(line) ?? 0) - 1);
  return [...balance].filter(([, n]) => n !== 0).map(([line, n]) => `${n > 0 ? 'missing' : 'unexpected'} ×${Math.abs(n)}: ${line}`);
}
