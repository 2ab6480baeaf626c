import { readFileSync } from 'node:fs';
import type { PlacewatchConfig } from '../config/index.js';
import { DEMO_POSTS_FILE } from '../demo/index.js';
import { seededRandom } from '../seeded-random.js';
import { syntheticPostText } from './analyzer-bench.js';

/** One line of an import file (the JSONL shape `placewatch ingest` reads). */
export interface E2ePostRecord {
  readonly id: string;
  readonly author: string;
  readonly text: string;
  readonly published_at: string;
  readonly url: string;
  readonly lang: 'ar' | 'en';
}

/** Every 20th post is a threat: 5 %. */
const THREAT_EVERY = 20;
/** One threat in four is an exact copy of an earlier one by another account, as campaigns post. */
const COPY_EVERY = 4;

interface DemoPost {
  readonly text: string;
  readonly lang: string;
  readonly expect: string;
}

/**
 * `count` posts for the end-to-end bench, Arabic and English, published over the last 12 hours:
 * 5 % threats (the shipped demo's threat posts against the configured places, each with a few
 * everyday words added so most are new texts, one in four an exact copy by another account), the
 * rest everyday words from the analyzer bench's generator with the configured place names mixed
 * in. Deterministic for a given `count`, seed and `now`; ids are unique, so every post must be stored.
 */
export function e2ePosts(
  config: PlacewatchConfig,
  count: number,
  options: { readonly seed?: number; readonly idPrefix?: string; readonly now?: number } = {},
): E2ePostRecord[] {
  const { seed = 7, idPrefix = 'e2e', now = Date.now() } = options;
  const r = seededRandom(seed);
  const demo = readFileSync(DEMO_POSTS_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as DemoPost);
  const threats = demo.filter((p) => p.expect === 'threat');
  const names = { en: [] as string[], ar: [] as string[] };
  for (const place of config.places.places) {
    names.en.push(place.name, ...(place.aliases.en ?? []));
    if (place.name_ar) names.ar.push(place.name_ar);
    names.ar.push(...(place.aliases.ar ?? []));
  }
  const span = 12 * 3_600_000;
  const sent: string[] = [];
  const records: E2ePostRecord[] = [];
  for (let i = 0; i < count; i++) {
    let text: string;
    let lang: 'ar' | 'en';
    if (i % THREAT_EVERY === THREAT_EVERY - 1) {
      const copy = sent.length > 0 && sent.length % COPY_EVERY === COPY_EVERY - 1;
      const template = threats[Math.floor(r() * threats.length)]!;
      lang = template.lang === 'ar' ? 'ar' : 'en';
      text = copy
        ? sent[Math.floor(r() * sent.length)]!
        : `${template.text} ${syntheticPostText(r, { arabic: lang === 'ar', aliases: [], phrases: [], chars: 24 })}`;
      sent.push(text);
    } else {
      lang = i % 2 === 1 ? 'ar' : 'en';
      text = syntheticPostText(r, { arabic: lang === 'ar', aliases: lang === 'ar' ? names.ar : names.en, phrases: [] });
    }
    records.push({
      id: `${idPrefix}-${i}`,
      author: `acct_${Math.floor(r() * 5_000)}`,
      text,
      published_at: new Date(now - span + Math.floor((i * span) / Math.max(1, count))).toISOString(),
      url: `https://example.org/${idPrefix}/${i}`,
      lang,
    });
  }
  return records;
}
