import { seededRandom } from '../seeded-random.js';
import { compileAnalyzer, analyzePost, type CompiledAnalyzer } from '../analysis/index.js';
import type { AnalysisConfig, LexiconFile } from '../config/index.js';
import { modifiersFileSchema, placesFileSchema, thresholdsFileSchema } from '../config/index.js';
import { measureAdversarial, type AdversarialKind } from './adversarial-posts.js';

/** Options of the analyzer benchmark. */
export interface AnalyzerBenchOptions {
  /** Shorter timing windows (CI smoke runs). */
  readonly quick?: boolean;
  /** Seconds per measurement (default 1.5, quick 0.4). */
  readonly seconds?: number;
}

/** Throughput of the analyzer with synthetic gazetteers, and of a naive one-RegExp-per-name baseline. */
export interface AnalyzerBenchResult {
  /** Posts per second, one core, with 100 places × 5 aliases and 2,000 phrases. */
  readonly posts_per_s_100: number;
  /** The same with 10,000 places × 5 aliases. */
  readonly posts_per_s_10000: number;
  /** posts_per_s_100 / posts_per_s_10000: 1 means the cost does not grow with the gazetteer. */
  readonly slowdown_100_to_10000: number;
  /** Naive baseline at 10,000 places: one RegExp per alias and per phrase, tested on every post. */
  readonly naive_posts_per_s_10000: number;
  /** posts_per_s_10000 / naive_posts_per_s_10000. */
  readonly naive_ratio_10000: number;
  /**
   * Worst case: posts/s of the slowest kind of 20,000-character hostile post (dotted letters, one
   * word repeated, long glued words, hundreds of place names) at 10,000 places, each post new.
   */
  readonly adversarial_posts_per_s: number;
  readonly adversarial_by_kind: Record<AdversarialKind, number>;
  readonly compile_ms_100: number;
  readonly compile_ms_10000: number;
  readonly phrases: number;
  readonly aliases_per_place: number;
  readonly post_chars: number;
  readonly posts: number;
}

const ALIASES = 5;
const PHRASES = 2000;
const POST_CHARS = 280;
const POSTS = 400;

/**
 * Measures posts/s per core (single thread) at 100 and 10,000 places (× 5 aliases, 2,000 generated
 * phrases, 280-character Arabic and English posts), a naive RegExp baseline at 10,000 places, and the
 * worst case on adversarial posts.
 *
 * @example const r = await benchAnalyzer({ quick: true }); r.posts_per_s_10000
 */
export async function benchAnalyzer(opts: AnalyzerBenchOptions = {}): Promise<AnalyzerBenchResult> {
  const seconds = opts.seconds ?? (opts.quick ? 0.4 : 1.5);
  const small = buildWorld(100, 1);
  const large = buildWorld(10_000, 2);
  const t0 = performance.now();
  const smallAnalyzer = compileAnalyzer(small.config);
  const t1 = performance.now();
  const largeAnalyzer = compileAnalyzer(large.config);
  const t2 = performance.now();
  const small100 = measure(smallAnalyzer, small.posts, seconds);
  const large10k = measure(largeAnalyzer, large.posts, seconds);
  const naive = measureNaive(large, Math.max(0.2, seconds / 2));
  const adversarial = measureAdversarial(largeAnalyzer, large.aliases, seconds);
  await Promise.resolve();
  return {
    posts_per_s_100: Math.round(small100),
    posts_per_s_10000: Math.round(large10k),
    slowdown_100_to_10000: round2(small100 / large10k),
    naive_posts_per_s_10000: round2(naive),
    naive_ratio_10000: round2(large10k / naive),
    adversarial_posts_per_s: adversarial.worst,
    adversarial_by_kind: adversarial.byKind,
    compile_ms_100: Math.round(t1 - t0),
    compile_ms_10000: Math.round(t2 - t1),
    phrases: PHRASES,
    aliases_per_place: ALIASES,
    post_chars: POST_CHARS,
    posts: POSTS,
  };
}

export interface World {
  readonly config: AnalysisConfig & { version: string };
  readonly aliases: readonly string[];
  readonly phrases: readonly string[];
  readonly posts: readonly string[];
}

const LAT = ['ka', 'fr', 'sa', 'ra', 'qi', 'ba', 'ta', 'na', 'zi', 'mu', 'da', 'ri', 'ha', 'ja', 'lo', 'me', 'shu', 'kh', 'ya', 'wa'];
const AR = ['كف', 'ر', 'سا', 'را', 'قب', 'تف', 'تن', 'از', 'مع', 'ره', 'دا', 'عز', 'حا', 'رم', 'بن', 'ش', 'سر', 'مد', 'جس', 'غو'];
const FILLER_EN = [
  'the',
  'and',
  'we',
  'today',
  'market',
  'road',
  'people',
  'said',
  'water',
  'school',
  'news',
  'price',
  'bread',
  'very',
  'good',
  'after',
  'before',
  'with',
  'family',
  'town',
];
const FILLER_AR = [
  'في',
  'من',
  'على',
  'اليوم',
  'السوق',
  'الطريق',
  'الناس',
  'قال',
  'المي',
  'المدرسة',
  'الاخبار',
  'سعر',
  'الخبز',
  'كتير',
  'منيح',
  'بعد',
  'قبل',
  'مع',
  'العيلة',
  'البلد',
];

function word(r: () => number, parts: readonly string[], n: number): string {
  let w = '';
  for (let i = 0; i < n; i++) w += parts[Math.floor(r() * parts.length)];
  return w;
}

export function buildWorld(placeCount: number, seed: number): World {
  const r = seededRandom(seed);
  const aliases: string[] = [];
  const places = [];
  for (let p = 0; p < placeCount; p++) {
    const en = Array.from({ length: 3 }, () => `${word(r, LAT, 3)} ${word(r, LAT, 2)}`);
    const ar = Array.from({ length: 2 }, () => `${word(r, AR, 3)} ${word(r, AR, 2)}`);
    aliases.push(...en, ...ar);
    places.push({ id: `p${p}`, name: en[0]!, aliases: { en: en.slice(1), ar } });
  }
  const phrases: string[] = [];
  for (let i = 0; i < PHRASES; i++) {
    const len = 1 + Math.floor(r() * 3);
    const parts = i % 2 === 0 ? LAT : AR;
    phrases.push(Array.from({ length: len }, () => word(r, parts, 3)).join(' '));
  }
  const lexicon = (language: 'en' | 'ar', list: string[]): LexiconFile => ({
    language,
    fuzzy_exclude: [],
    phrases: list.map((pattern, i) => ({
      id: `${language}-${i}`,
      pattern,
      category: 'death_threat',
      weight: 0.8,
      self_targeting: false,
      needs_negation: false,
      deprivation: false,
    })),
  });
  const config = {
    version: `bench-${placeCount}`,
    places: placesFileSchema.parse({ places, resident_frames: { before: { en: ['people|residents of'], ar: ['اهل|اهالي'] } } }),
    lexicons: [
      lexicon(
        'en',
        phrases.filter((_, i) => i % 2 === 0),
      ),
      lexicon(
        'ar',
        phrases.filter((_, i) => i % 2 === 1),
      ),
    ],
    modifiers: modifiersFileSchema.parse({
      cues: [
        { kind: 'negation', language: 'en', pattern: 'not|never|no', factor: 0 },
        { kind: 'negation', language: 'ar', pattern: 'مش|ما|لا|لن', factor: 0 },
        { kind: 'reported_speech', language: 'en', pattern: 'according to || reportedly', factor: 0.3 },
        { kind: 'counter_speech', language: 'en', pattern: '@quoted', factor: 0.1 },
      ],
    }),
    thresholds: thresholdsFileSchema.parse({}),
  };
  const posts: string[] = [];
  for (let i = 0; i < POSTS; i++) posts.push(syntheticPostText(r, { arabic: i % 2 === 1, aliases, phrases }));
  return { config, aliases, phrases, posts };
}

/**
 * A post of everyday Arabic or English words (280 characters by default) with a place alias (4 % of
 * words) and a lexicon phrase (3 %) mixed in; with no phrases, filler takes their share.
 */
export function syntheticPostText(
  r: () => number,
  options: { readonly arabic: boolean; readonly aliases: readonly string[]; readonly phrases: readonly string[]; readonly chars?: number },
): string {
  const { aliases, phrases } = options;
  const chars = options.chars ?? POST_CHARS;
  const filler = options.arabic ? FILLER_AR : FILLER_EN;
  let text = '';
  while (text.length < chars) {
    const x = r();
    const next =
      x < 0.04 && aliases.length > 0
        ? aliases[Math.floor(r() * aliases.length)]!
        : x < 0.07 && x >= 0.04 && phrases.length > 0
          ? phrases[Math.floor(r() * phrases.length)]!
          : filler[Math.floor(r() * filler.length)]!;
    text += (text ? ' ' : '') + next;
  }
  return text.slice(0, chars);
}

export function measure(analyzer: CompiledAnalyzer, posts: readonly string[], seconds: number): number {
  for (const text of posts) analyzePost({ text }, analyzer); // warm-up: JIT and the word cache
  let done = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 50; i++) analyzePost({ text: posts[(done + i) % posts.length]! }, analyzer);
    done += 50;
  }
  return (done * 1000) / (performance.now() - start);
}

/** The approach the automaton replaces: every alias and phrase as its own RegExp, each tried on each post. */
function measureNaive(world: World, seconds: number): number {
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Whitespace-delimited and without the `u` flag: \p{L} classes in 52,000 RegExps exhaust the heap.
  const regexes = [...world.aliases, ...world.phrases].map((s) => new RegExp(`(?:^|\\s)${escape(s)}(?:\\s|$)`, 'i'));
  let hits = 0;
  for (const re of regexes) if (re.test(world.posts[0]!)) hits++; // compile every RegExp before timing
  let done = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  while (performance.now() < until) {
    const text = world.posts[done % world.posts.length]!.normalize('NFKC').toLowerCase();
    for (const re of regexes) if (re.test(text)) hits++;
    done++;
  }
  if (hits < 0) throw new Error('unreachable');
  return (done * 1000) / (performance.now() - start);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
