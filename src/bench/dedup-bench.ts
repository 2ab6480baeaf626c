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
 * Near-duplicate lookup cost with a small and a large index, in one run on a private redis-server
 * (so the figures are not disturbed by, and do not disturb, anyone's data). Stored fingerprints are
 * random signatures loaded in bulk; lookups use real post texts.
 */
export async function benchDedup(options: { small?: number; large?: number; lookups?: number } = {}): Promise<DedupBenchResult> {
  const small = options.small ?? 10_000;
  const large = options.large ?? 1_000_000;
  const lookups = options.lookups ?? 2_000;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pw-bench-redis-'));
  const server = await startEmbeddedRedis(dir, { persistent: false });
  const redis = new Redis(server.url);
  try {
    const index = new NearDuplicateIndex(redis, { prefix: '{bench}', windowMs: 7 * 86_400_000, similarity: 0.8 });
    const queries = Array.from({ length: lookups }, (_, i) => minhashSignature(sampleText(i)));
    const baseline = await usedMemory(redis);
    await load(index, 0, small);
    const lookupSmall = await timeLookups(index, queries);
    const assignSmall = await timeBatchedAssign(index, lookups, 0);
    await load(index, small, large);
    const lookupLarge = await timeLookups(index, queries);
    const assignLarge = await timeBatchedAssign(index, lookups, lookups);
    const bytes = ((await usedMemory(redis)) - baseline) / large;
    return {
      lookup_us_10k: round(lookupSmall),
      lookup_us_1m: round(lookupLarge),
      lookup_ratio_1m_10k: round(lookupLarge / lookupSmall),
      assign_us_per_post_10k: round(assignSmall),
      assign_us_per_post_1m: round(assignLarge),
      assign_batch: ASSIGN_BATCH,
      bytes_per_fingerprint: Math.round(bytes),
      stored_small: small,
      stored_large: large,
    };
  } finally {
    redis.disconnect();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
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
  for (const q of queries.slice(0, 100)) await index.lookupSignature(q, AT); // warm-up
  const started = process.hrtime.bigint();
  for (const q of queries) await index.lookupSignature(q, AT);
  return Number(process.hrtime.bigint() - started) / 1000 / queries.length;
}

/** Threat posts per assignAll call: a 1,000-post analyze batch at 5 % threats. */
const ASSIGN_BATCH = 50;

/**
 * Mean microseconds per post of `assignAll` over batches of ASSIGN_BATCH texts not seen before (from
 * `offset` on), as the analyzer clusters a batch's threat posts: what a threat post costs amortised.
 */
async function timeBatchedAssign(index: NearDuplicateIndex, count: number, offset: number): Promise<number> {
  const items = Array.from({ length: count }, (_, i) => ({ text: sampleText(1_000_000 + offset + i), at: AT, ownId: `own${offset + i}` }));
  await index.assignAll(items.slice(0, ASSIGN_BATCH)); // warm-up
  const started = process.hrtime.bigint();
  for (let i = ASSIGN_BATCH; i < items.length; i += ASSIGN_BATCH) await index.assignAll(items.slice(i, i + ASSIGN_BATCH));
  return Number(process.hrtime.bigint() - started) / 1000 / (items.length - ASSIGN_BATCH);
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
