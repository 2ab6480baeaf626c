import type { CanonicalPost } from '../../src/feeds/canonical-post.js';

const THREATS = [
  (place: string) => `We will slaughter the people of ${place}, every traitor there will pay`,
  (place: string) => `Storm ${place} tonight and kill the traitors who protested`,
  (place: string) => `The people of ${place} deserve to die for what they did`,
];
const ORDINARY = [(place: string) => `Bread prices in ${place} fell again this week`, (place: string) => `Rain expected over ${place} tomorrow afternoon`];
const PLACES = ['Darat Izza', 'Saraqib', 'Kafr Nabl', 'Atarib'];

/**
 * A deterministic stream of posts for pipeline tests: threats against a few towns (some copied by
 * several accounts, as campaigns are) mixed with ordinary posts, over `hours` of published time.
 */
export function postStream(count: number, feed = 'stream', hours = 12): CanonicalPost[] {
  const base = Date.UTC(2026, 10, 20, 6);
  return Array.from({ length: count }, (_, i) => {
    const place = PLACES[(i * 7) % PLACES.length]!;
    const threat = i % 3 !== 2;
    const templates = threat ? THREATS : ORDINARY;
    const text = templates[(i * 5) % templates.length]!(place);
    return {
      feed,
      externalId: `s-${i}`,
      author: { id: `acct-${(i * 13) % 37}`, handle: `acct_${(i * 13) % 37}`, displayName: null },
      text,
      lang: 'en',
      publishedAt: new Date(base + Math.floor((i * hours * 3_600_000) / count)).toISOString(),
      url: `https://example.org/${feed}/${i}`,
      links: [],
      media: [],
      edited: false,
      deleted: false,
      truncated: false,
    };
  });
}
