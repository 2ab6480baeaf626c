import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { buildPost } from '../../../src/feeds/build-post.js';
import { MAX_TEXT_CHARS, type CanonicalPost } from '../../../src/feeds/canonical-post.js';
import { analyzeBatch, type AnalyzeBatchDeps } from '../../../src/pipeline/index.js';
import { tempConfig } from '../../helpers/temp-config.js';
import { openTestRuntime, SHIPPED_CONFIG, type TestRuntime } from '../../helpers/test-runtime.js';

const THREAT = 'We will kill the people of Darat Izza, storm the town tonight';
const FILLER = 'The olive harvest in the valley was good this year and the weather stayed mild. ';

function built(feed: string, id: string, text: string, minute: number): CanonicalPost {
  const result = buildPost(feed, { externalId: id, text, published: new Date(Date.UTC(2026, 10, 21, 9, minute)).toISOString() });
  if (!('post' in result)) throw new Error(result.reason);
  return result.post;
}

describe('long posts: stored cut and marked, analysed on the configured prefix', () => {
  let t: TestRuntime;
  let thresholds: string;
  beforeAll(async () => {
    // Rules alone decide: what is checked here is how much text reaches them, not the model's judgement.
    thresholds = `${readFileSync(path.join(SHIPPED_CONFIG, 'thresholds.yaml'), 'utf8')}\nmodel:\n  file: null\n`;
    t = await openTestRuntime({ label: 'long', configDir: tempConfig({ 'thresholds.yaml': thresholds }) });
  });
  afterAll(async () => t?.dispose());

  const deps = (active = t.runtime.config.current): AnalyzeBatchDeps => ({
    db: t.runtime.database.db,
    active,
    logger: t.runtime.logger,
    publicUrl: 'http://x',
  });
  const stored = async (feed: string) =>
    (
      await sql<{ external_id: string; chars: number; truncated: boolean; alerts: number }>`
      select p.external_id, length(p.text)::int as chars, p.truncated,
        (select count(*)::int from alert_posts ap where ap.post_id = p.id) as alerts
      from posts p where p.feed = ${feed} order by p.external_id`.execute(t.runtime.database.db)
    ).rows;

  it('stores a 2 MB post cut to the stored bound with truncated = true on its row, and a short one unmarked', async () => {
    const outcome = await analyzeBatch(deps(), [
      built('long-store', 'huge', `${THREAT}. ${'x'.repeat(2 * 1024 * 1024)}`, 0),
      built('long-store', 'short', THREAT, 1),
    ]);
    expect(outcome).toMatchObject({ stored: 2, failed: 0 });
    expect(await stored('long-store')).toEqual([
      { external_id: 'huge', chars: MAX_TEXT_CHARS, truncated: true, alerts: 1 },
      { external_id: 'short', chars: THREAT.length, truncated: false, alerts: 1 },
    ]);
  });

  it('reads only analysis.max_text_chars characters: a threat past the limit raises nothing, the same post under the default does', async () => {
    const text = `${FILLER.repeat(20)}${THREAT}`; // the threat starts after 1,600 characters
    const limited = loadConfig(tempConfig({ 'thresholds.yaml': thresholds.replace(/max_text_chars: \d+/, 'max_text_chars: 1000') }));
    expect(limited.thresholds.analysis.max_text_chars).toBe(1000);
    const current = t.runtime.config.current;
    await analyzeBatch(deps({ ...current, config: limited }), [built('long-limit', 'late-threat', text, 2)]);
    await analyzeBatch(deps(), [built('long-default', 'late-threat', text, 3)]);
    expect((await stored('long-limit'))[0]).toMatchObject({ truncated: false, alerts: 0 });
    expect((await stored('long-default'))[0]).toMatchObject({ truncated: false, alerts: 1 });
  });
});
