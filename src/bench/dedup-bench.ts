import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { minhashSignature, NearDuplicateIndex } from '../dedup/index.js';
import { startEmbeddedRedis } from '../queue/index.js';

export interface DedupBenchResult {
  readonly lookup_us_10k: number;
  readonly lookup_us_1m: number;
  readonly lookup_ratio_1m_10k: number;
  /**
   * Microseconds per threat post of the pipeline's own path, `assignAll` over a batch's threat posts
   * (lookup and store in two script calls per batch), with 10k and 1M stored.
   */
  readonly assign_us_per_post_10k: number;
  readonly assign_us_per_post_1m: number;
  /** Threat posts per `assignAll` batch: 5 % of a 1,000-post analyze batch. */
  readonly assign_batch: number;
  readonly bytes_per_fingerprint: number;
  readonly stored_small: number;
  readonly stored_large: number;
}

const AT = new Date('2026-11-20T12:00:00Z');

/**
 * Near-duplicate lookup cost with a small and a large index, in one run on two private redis-servers
 * (so the figures are not disturbed by, and do not disturb, anyone's data). Stored fingerprints are
 * random signatures loaded in bulk; lookups use real post texts. The two indexes are measured in
 * alternating rounds and each figure is the median round: measured one after the other (10k, a
 * minute of loading, then 1M), a shared machine's drift showed as a ratio of 1.6–1.8 where
 * alternating rounds on the same build measure 0.9–1.2.
 */
export async function benchDedup(options: { small?: number; large?: number; lookups?: number } = {}): Promise<DedupBenchResult> {
  const small = options.small ?? 10_000;
  const large = options.large ?? 1_000_000;
  const lookups = options.lookups ?? 4_000;
  const servers: BenchIndex[] = [];
  try {
    const smallIndex = await benchIndex(servers);
    const largeIndex = await benchIndex(servers);
    const queries = Array.from({ length: lookups }, (_, i) => minhashSignature(sampleText(i)));
    const baseline = await usedMemory(largeIndex.redis);
    await load(smallIndex.index, 0, small);
    await load(largeIndex.index, 0, large);
    const bytes = ((await usedMemory(largeIndex.redis)) - baseline) / large;
    const lookup = await alternate(ROUNDS, (round) => {
      const slice = queries.slice(Math.floor((round * lookups) / ROUNDS), Math.floor(((round + 1) * lookups) / ROUNDS));
      return [() => timeLookups(smallIndex.index, slice), () => timeLookups(largeIndex.index, slice)];
    });
    const texts = Array.from({ length: lookups }, (_, i) => sampleText(1_000_000 + i));
    const assign = await alternate(ROUNDS, (round) => {
      const first = Math.floor((round * lookups) / ROUNDS);
      const slice = texts.slice(first, Math.floor(((round + 1) * lookups) / ROUNDS));
      return [() => timeBatchedAssign(smallIndex.index, slice, first), () => timeBatchedAssign(largeIndex.index, slice, first)];
    });
    return {
      lookup_us_10k: round(lookup[0]),
      lookup_us_1m: round(lookup[1]),
      lookup_ratio_1m_10k: round(lookup[1] / lookup[0]),
      assign_us_per_post_10k: round(assign[0]),
      assign_us_per_post_1m: round(assign[1]),
      assign_batch: ASSIGN_BATCH,
      bytes_per_fingerprint: Math.round(bytes),
      stored_small: small,
      stored_large: large,
    };
  } finally {
    for (const { redis, server, dir } of servers) {
      redis.disconnect();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** Rounds per measured figure (lookups and assigns are split evenly across them). */
const ROUNDS = 20;

interface BenchIndex {
  readonly dir: string;
  readonly server: Awaited<ReturnType<typeof startEmbeddedRedis>>;
  readonly redis: Redis;
  readonly index: NearDuplicateIndex;
}

/** A private redis-server with an empty index, added to `servers` (which the caller stops). */
async function benchIndex(servers: BenchIndex[]): Promise<BenchIndex> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pw-bench-redis-'));
  const server = await startEmbeddedRedis(dir, { persistent: false });
  const redis = new Redis(server.url);
  const entry = { dir, server, redis, index: new NearDuplicateIndex(redis, { prefix: '{bench}', windowMs: 7 * 86_400_000, similarity: 0.8 }) };
  servers.push(entry);
  return entry;
}

/**
 * Runs the small and the large index's measurement in turn, `rounds` times, the first of the pair
 * alternating (small then large, then large then small): whichever index runs second in a round
 * finds the caches warm from its own previous round or cold from the other's, and alternating the
 * order gives that to both alike. The median round of each.
 */
async function alternate(rounds: number, pair: (round: number) => readonly [() => Promise<number>, () => Promise<number>]): Promise<[number, number]> {
  const smallRounds: number[] = [];
  const largeRounds: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const [smallRound, largeRound] = pair(r);
    if (r % 2 === 0) {
      smallRounds.push(await smallRound());
      largeRounds.push(await largeRound());
    } else {
      largeRounds.push(await largeRound());
      smallRounds.push(await smallRound());
    }
  }
  return [median(smallRounds), median(largeRounds)];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function load(index: NearDuplicateIndex, from: number, to: number): Promise<void> {
  const chunk = 5_000;
  let state = 0x12345678 ^ from;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  for (let start = from; start < to; start += chunk) {
    const entries = [];
    for (let i = start; i < Math.min(to, start + chunk); i++) {
      const signature = new Uint32Array(48);
      for (let j = 0; j < signature.length; j++) signature[j] = random();
      entries.push({ signature, clusterId: `c${i.toString(36)}` });
    }
    await index.addSignatures(entries, AT);
  }
}

/** Mean microseconds per lookup, sequential (each lookup is one pipelined round trip). */
async function timeLookups(index: NearDuplicateIndex, queries: readonly Uint32Array[]): Promise<number> {
  for (const q of queries.slice(0, 10)) await index.lookupSignature(q, AT); // warm-up
  const started = process.hrtime.bigint();
  for (const q of queries) await index.lookupSignature(q, AT);
  return Number(process.hrtime.bigint() - started) / 1000 / queries.length;
}

/** Threat posts per assignAll call: a 1,000-post analyze batch at 5 % threats. */
const ASSIGN_BATCH = 50;

/**
 * Mean microseconds per post of `assignAll` over batches of ASSIGN_BATCH texts not seen before, as the
 * analyzer clusters a batch's threat posts: what a threat post costs amortised.
 */
async function timeBatchedAssign(index: NearDuplicateIndex, texts: readonly string[], first: number): Promise<number> {
  const items = texts.map((text, i) => ({ text, at: AT, ownId: `own${first + i}` }));
  const started = process.hrtime.bigint();
  for (let i = 0; i < items.length; i += ASSIGN_BATCH) await index.assignAll(items.slice(i, i + ASSIGN_BATCH));
  return Number(process.hrtime.bigint() - started) / 1000 / items.length;
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

function sampleText(i: number): string {
  const places = ['Darat Izza', 'Saraqib', 'Kafr Nabl', 'Atarib', 'Taftanaz', 'دارة عزة', 'سراقب'];
  return `post ${i}: supporters said they will march on ${places[i % places.length]} after the protest number ${i * 31}`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
