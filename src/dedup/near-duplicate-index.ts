import type { Redis } from 'ioredis';
import { bandKeys, BANDS, decodeSignature, encodeSignature, estimateSimilarity, minhashSignature } from './minhash.js';

const DAY_MS = 86_400_000;
/** Band keys are spread over this many Redis hashes per band and day, keeping each small (listpack). */
const BUCKET_HEX_DIGITS = 4;

export interface NearDuplicateOptions {
  readonly prefix: string;
  readonly windowMs: number;
  readonly similarity: number;
}

export interface ClusterAssignment {
  /** The cluster the text joins: an earlier near-duplicate's cluster, or `ownId` when it starts one. */
  readonly clusterId: string;
  /** Similarity to the matched member (1 for a new cluster). */
  readonly similarity: number;
  readonly matched: boolean;
}

/**
 * A near-duplicate index in Redis: MinHash with LSH banding. Entries live in per-day hashes that
 * expire after the window, so memory is bounded by the window's traffic, and a lookup reads a fixed
 * number of small hashes whatever the number stored (BANDS × days).
 */
export class NearDuplicateIndex {
  constructor(
    private readonly redis: Redis,
    private readonly options: NearDuplicateOptions,
  ) {}

  /** Finds the cluster of the most similar stored text at or above the threshold. */
  async lookup(text: string, at: Date): Promise<ClusterAssignment | undefined> {
    const signature = minhashSignature(text);
    const keys = bandKeys(signature);
    const pipeline = this.redis.pipeline();
    const days = this.daysInWindow(at);
    for (const day of days) keys.forEach((key, band) => pipeline.hget(this.bandHash(day, band, key), key.slice(BUCKET_HEX_DIGITS)));
    const results = (await pipeline.exec()) ?? [];
    const candidates = new Set<string>();
    for (const [error, value] of results) if (!error && typeof value === 'string') candidates.add(value);
    let best: ClusterAssignment | undefined;
    for (const candidate of candidates) {
      const [clusterId, encoded] = splitEntry(candidate);
      const similarity = estimateSimilarity(signature, decodeSignature(encoded));
      if (similarity >= this.options.similarity && (!best || similarity > best.similarity)) {
        best = { clusterId, similarity, matched: true };
      }
    }
    return best;
  }

  /** Stores a text under its cluster for the window. */
  async add(text: string, at: Date, clusterId: string): Promise<void> {
    const signature = minhashSignature(text);
    const entry = `${clusterId}|${encodeSignature(signature)}`;
    const day = Math.floor(at.getTime() / DAY_MS);
    const ttlSeconds = Math.ceil((this.options.windowMs + 2 * DAY_MS) / 1000);
    const pipeline = this.redis.pipeline();
    bandKeys(signature).forEach((key, band) => {
      const hash = this.bandHash(day, band, key);
      pipeline.hsetnx(hash, key.slice(BUCKET_HEX_DIGITS), entry);
      pipeline.expire(hash, ttlSeconds);
    });
    await pipeline.exec();
  }

  /** Looks up, and starts a cluster of `ownId` when nothing similar is stored; then stores the text. */
  async assign(text: string, at: Date, ownId: string): Promise<ClusterAssignment> {
    const found = await this.lookup(text, at);
    const assignment = found ?? { clusterId: ownId, similarity: 1, matched: false };
    await this.add(text, at, assignment.clusterId);
    return assignment;
  }

  private daysInWindow(at: Date): number[] {
    const last = Math.floor(at.getTime() / DAY_MS);
    const first = Math.floor((at.getTime() - this.options.windowMs) / DAY_MS);
    const days: number[] = [];
    for (let day = first; day <= last + 1; day++) days.push(day);
    return days;
  }

  private bandHash(day: number, band: number, key: string): string {
    return `${this.options.prefix}:nd:${day}:${band}:${key.slice(0, BUCKET_HEX_DIGITS)}`;
  }
}

function splitEntry(entry: string): [string, string] {
  const bar = entry.lastIndexOf('|');
  return [entry.slice(0, bar), entry.slice(bar + 1)];
}

export { BANDS };
