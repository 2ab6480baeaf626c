import { createHash } from 'node:crypto';
import type { RedisClient } from '../queue/index.js';
import { bandKeys, minhashSignature, SIGNATURE_LENGTH } from './minhash.js';

const DAY_MS = 86_400_000;
/** Keys are spread over 16^4 hashes per band and day, keeping each hash small (listpack-encoded). */
const BUCKET_HEX_DIGITS = 4;

export interface NearDuplicateOptions {
  readonly prefix: string;
  readonly windowMs: number;
  readonly similarity: number;
}

/** Fixed options, or a function read at each use so a hot-reloaded config applies to the next post. */
export type NearDuplicateOptionsSource = NearDuplicateOptions | (() => NearDuplicateOptions);

export interface ClusterAssignment {
  /** The cluster the text joins: an earlier near-duplicate's cluster, or `ownId` when it starts one. */
  readonly clusterId: string;
  /** Estimated similarity to the matched member (1 for a new cluster). */
  readonly similarity: number;
  readonly matched: boolean;
}

/**
 * A near-duplicate index in Redis: MinHash with LSH banding. Per day, each stored text costs one
 * small entry per band (band key → member id) and one record (member id → cluster id + a compact
 * signature for verification). Keys expire after the window, so memory is bounded by the window's
 * traffic, and a lookup reads a fixed number of small hashes whatever the number stored.
 */
export class NearDuplicateIndex {
  /** Keys never move between versions: the prefix is fixed at construction. */
  private readonly prefix: string;

  constructor(
    private readonly redis: RedisClient,
    private readonly source: NearDuplicateOptionsSource,
  ) {
    this.prefix = this.options.prefix;
  }

  /** Read once per operation, so one lookup or store never mixes two config versions. */
  private get options(): NearDuplicateOptions {
    return typeof this.source === 'function' ? this.source() : this.source;
  }

  /** Finds the cluster of the most similar stored text at or above the threshold. */
  async lookup(text: string, at: Date): Promise<ClusterAssignment | undefined> {
    return this.lookupSignature(minhashSignature(text), at);
  }

  /** `lookup` for a precomputed signature. */
  async lookupSignature(signature: Uint32Array, at: Date): Promise<ClusterAssignment | undefined> {
    const { windowMs, similarity: threshold } = this.options;
    const keys = bandKeys(signature);
    const days = daysInWindow(at, windowMs);
    const bands = this.redis.pipeline();
    for (const day of days) keys.forEach((key, band) => bands.hget(this.bandHash(day, band, key), key.slice(BUCKET_HEX_DIGITS)));
    const members = new Set<string>();
    for (const [error, value] of (await bands.exec()) ?? []) if (!error && typeof value === 'string') members.add(value);
    if (members.size === 0) return undefined;

    const records = this.redis.pipeline();
    const order = [...members];
    for (const member of order) {
      const [day, id] = member.split(':') as [string, string];
      records.hgetBuffer(this.recordHash(Number.parseInt(day, 36), id), id.slice(BUCKET_HEX_DIGITS));
    }
    const query = compactSignature(signature);
    let best: ClusterAssignment | undefined;
    for (const [error, value] of (await records.exec()) ?? []) {
      if (error || !(value instanceof Buffer)) continue;
      const record = decodeRecord(value);
      const similarity = compactSimilarity(query, record.signature);
      if (similarity >= threshold && (!best || similarity > best.similarity)) {
        best = { clusterId: record.clusterId, similarity, matched: true };
      }
    }
    return best;
  }

  /** Stores a text under its cluster for the window. */
  async add(text: string, at: Date, clusterId: string): Promise<void> {
    await this.addSignatures([{ signature: minhashSignature(text), clusterId }], at);
  }

  /** Stores precomputed signatures in one pipeline; each touched hash gets its expiry once. */
  async addSignatures(entries: ReadonlyArray<{ signature: Uint32Array; clusterId: string }>, at: Date): Promise<void> {
    const day = Math.floor(at.getTime() / DAY_MS);
    const dayTag = day.toString(36);
    const ttlSeconds = Math.ceil((this.options.windowMs + 2 * DAY_MS) / 1000);
    const fields = new Map<string, Array<string | Buffer>>();
    const put = (hash: string, field: string, value: string | Buffer) => {
      const list = fields.get(hash) ?? [];
      list.push(field, value);
      fields.set(hash, list);
    };
    for (const { signature, clusterId } of entries) {
      const compact = compactSignature(signature);
      const member = memberId(compact, clusterId);
      put(this.recordHash(day, member), member.slice(BUCKET_HEX_DIGITS), encodeRecord(clusterId, compact));
      bandKeys(signature).forEach((key, band) => put(this.bandHash(day, band, key), key.slice(BUCKET_HEX_DIGITS), `${dayTag}:${member}`));
    }
    const pipeline = this.redis.pipeline();
    for (const [hash, list] of fields) {
      // One field: keep the first writer (a retry or a twin changes nothing). Bulk loads: HSET.
      if (list.length === 2) pipeline.hsetnx(hash, list[0] as string, list[1]!);
      else pipeline.hset(hash, ...(list as [string, string | Buffer]));
      pipeline.expire(hash, ttlSeconds);
    }
    await pipeline.exec();
  }

  /** Looks up, and starts a cluster of `ownId` when nothing similar is stored; then stores the text. */
  async assign(text: string, at: Date, ownId: string): Promise<ClusterAssignment> {
    const signature = minhashSignature(text);
    const found = await this.lookupSignature(signature, at);
    const assignment = found ?? { clusterId: ownId, similarity: 1, matched: false };
    await this.addSignatures([{ signature, clusterId: assignment.clusterId }], at);
    return assignment;
  }

  /**
   * `assign` for a batch of texts, in three round trips whatever their number: every band the batch
   * reads, then the records they point to, then the batch's writes. Each text is assigned as if the
   * ones before it had been assigned one by one (it can join an earlier text's cluster; a band field
   * keeps its first writer, as HSETNX does).
   */
  async assignAll(items: ReadonlyArray<{ text: string; at: Date; ownId: string }>): Promise<ClusterAssignment[]> {
    if (items.length === 0) return [];
    const { windowMs, similarity: threshold } = this.options;
    const entries = items.map(({ text, at, ownId }) => {
      const signature = minhashSignature(text);
      return {
        ownId,
        keys: bandKeys(signature),
        compact: compactSignature(signature),
        days: daysInWindow(at, windowMs),
        day: Math.floor(at.getTime() / DAY_MS),
      };
    });
    const fieldOf = (day: number, band: number, key: string) => ({ hash: this.bandHash(day, band, key), field: key.slice(BUCKET_HEX_DIGITS) });
    const fieldId = (f: { hash: string; field: string }) => `${f.hash}\u0000${f.field}`;

    const read = new Map<string, { hash: string; field: string }>();
    for (const e of entries) for (const day of e.days) e.keys.forEach((key, band) => read.set(fieldId(fieldOf(day, band, key)), fieldOf(day, band, key)));
    const stored = new Map<string, string>();
    const ids = [...read.keys()];
    (await hgetMany(this.redis, [...read.values()])).forEach((value, i) => {
      if (value !== null) stored.set(ids[i]!, value);
    });

    const storedMembers = [...new Set(stored.values())];
    const records = new Map<string, { clusterId: string; signature: Buffer }>();
    if (storedMembers.length > 0) {
      const pipeline = this.redis.pipeline();
      for (const member of storedMembers) {
        const [day, id] = member.split(':') as [string, string];
        pipeline.hgetBuffer(this.recordHash(Number.parseInt(day, 36), id), id.slice(BUCKET_HEX_DIGITS));
      }
      ((await pipeline.exec()) ?? []).forEach(([error, value], i) => {
        if (!error && value instanceof Buffer) records.set(storedMembers[i]!, decodeRecord(value));
      });
    }

    // What the batch writes, first writer first: band fields nobody held, and one record per member.
    const written = new Map<string, { hash: string; field: string; value: string | Buffer }>();
    const touched = new Set<string>();
    const assignments: ClusterAssignment[] = [];
    for (const e of entries) {
      const members = new Set<string>();
      for (const day of e.days) {
        e.keys.forEach((key, band) => {
          const id = fieldId(fieldOf(day, band, key));
          const member = stored.get(id) ?? (written.get(id)?.value as string | undefined);
          if (member !== undefined) members.add(member);
        });
      }
      let best: ClusterAssignment | undefined;
      for (const member of members) {
        const record = records.get(member);
        if (!record) continue;
        const similarity = compactSimilarity(e.compact, record.signature);
        if (similarity >= threshold && (!best || similarity > best.similarity)) best = { clusterId: record.clusterId, similarity, matched: true };
      }
      const assignment = best ?? { clusterId: e.ownId, similarity: 1, matched: false };
      assignments.push(assignment);

      const member = memberId(e.compact, assignment.clusterId);
      const tagged = `${e.day.toString(36)}:${member}`;
      const record = { hash: this.recordHash(e.day, member), field: member.slice(BUCKET_HEX_DIGITS) };
      touched.add(record.hash);
      if (!written.has(fieldId(record))) written.set(fieldId(record), { ...record, value: encodeRecord(assignment.clusterId, e.compact) });
      if (!records.has(tagged)) records.set(tagged, { clusterId: assignment.clusterId, signature: e.compact });
      e.keys.forEach((key, band) => {
        const f = fieldOf(e.day, band, key);
        touched.add(f.hash);
        const id = fieldId(f);
        if (!stored.has(id) && !written.has(id)) written.set(id, { ...f, value: tagged });
      });
    }
    const ttlSeconds = Math.ceil((windowMs + 2 * DAY_MS) / 1000);
    await hsetnxMany(this.redis, [...written.values()], [...touched], ttlSeconds);
    return assignments;
  }

  private bandHash(day: number, band: number, key: string): string {
    return `${this.prefix}:nd:${day}:${band}:${key.slice(0, BUCKET_HEX_DIGITS)}`;
  }

  private recordHash(day: number, member: string): string {
    return `${this.prefix}:nd:${day}:r:${member.slice(0, BUCKET_HEX_DIGITS)}`;
  }
}

/**
 * A batch's thousands of band reads and writes run as one script in Redis: sent as one pipeline, each
 * command costs the client several microseconds to build and parse (about 90 per post, ~4× slower
 * measured). Every key carries the queue prefix's hash tag, so in a Redis Cluster all sit in one slot.
 */
const HGET_MANY = `local out = {}
for i = 1, #KEYS do
  local v = redis.call('HGET', KEYS[i], ARGV[i])
  if v then out[#out + 1] = i; out[#out + 1] = v end
end
return out`;

/** KEYS: the hashes to write, then the hashes to expire; ARGV: how many to write, the TTL, then field, value pairs. */
const HSETNX_MANY = `local writes = tonumber(ARGV[1])
for i = 1, writes do redis.call('HSETNX', KEYS[i], ARGV[1 + 2 * i], ARGV[2 + 2 * i]) end
for i = writes + 1, #KEYS do redis.call('EXPIRE', KEYS[i], ARGV[2]) end
return 0`;

/** Arguments per script call: Lua's unpack and the reply stay far from their limits. */
const SCRIPT_CHUNK = 4_000;

/** HGET of each (hash, field), in order; null where nothing is stored. */
async function hgetMany(redis: RedisClient, fields: ReadonlyArray<{ hash: string; field: string }>): Promise<Array<string | null>> {
  const out = new Array<string | null>(fields.length).fill(null);
  for (let from = 0; from < fields.length; from += SCRIPT_CHUNK) {
    const chunk = fields.slice(from, from + SCRIPT_CHUNK);
    const found = (await redis.eval(HGET_MANY, chunk.length, ...chunk.map((f) => f.hash), ...chunk.map((f) => f.field))) as Array<number | string>;
    for (let i = 0; i < found.length; i += 2) out[from + Number(found[i]) - 1] = String(found[i + 1]);
  }
  return out;
}

/** HSETNX of each (hash, field, value), then EXPIRE of each touched hash. */
async function hsetnxMany(
  redis: RedisClient,
  writes: ReadonlyArray<{ hash: string; field: string; value: string | Buffer }>,
  touched: readonly string[],
  ttlSeconds: number,
): Promise<void> {
  const ttl = String(ttlSeconds);
  // One call for a batch's usual size; a larger one writes in chunks, then expires in chunks.
  if (writes.length + touched.length <= SCRIPT_CHUNK) {
    const pairs = writes.flatMap((w) => [w.field, w.value]);
    await redis.eval(HSETNX_MANY, writes.length + touched.length, ...writes.map((w) => w.hash), ...touched, String(writes.length), ttl, ...pairs);
    return;
  }
  for (let from = 0; from < writes.length; from += SCRIPT_CHUNK) {
    const chunk = writes.slice(from, from + SCRIPT_CHUNK);
    await redis.eval(HSETNX_MANY, chunk.length, ...chunk.map((w) => w.hash), String(chunk.length), ttl, ...chunk.flatMap((w) => [w.field, w.value]));
  }
  for (let from = 0; from < touched.length; from += SCRIPT_CHUNK) {
    const chunk = touched.slice(from, from + SCRIPT_CHUNK);
    await redis.eval(HSETNX_MANY, chunk.length, ...chunk, '0', ttl);
  }
}

function daysInWindow(at: Date, windowMs: number): number[] {
  const last = Math.floor(at.getTime() / DAY_MS);
  const first = Math.floor((at.getTime() - windowMs) / DAY_MS);
  const days: number[] = [];
  for (let day = first; day <= last + 1; day++) days.push(day);
  return days;
}

/** Slots kept for verification: enough to estimate similarity to ±0.05, small enough to store. */
const COMPACT_LENGTH = Math.min(40, SIGNATURE_LENGTH);

/**
 * The low byte of the first MinHash values: they still estimate similarity (two unequal values agree
 * by chance 1 time in 256, a negligible bias) and keep each record within Redis' compact listpack
 * encoding (values up to 64 bytes).
 */
function compactSignature(signature: Uint32Array): Buffer {
  const bytes = Buffer.alloc(COMPACT_LENGTH);
  for (let i = 0; i < COMPACT_LENGTH; i++) bytes[i] = signature[i]! & 0xff;
  return bytes;
}

function compactSimilarity(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) return 0;
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal += 1;
  return equal / a.length;
}

/** 12 hex digits naming one stored text (its signature within its cluster). */
function memberId(compact: Buffer, clusterId: string): string {
  return createHash('sha1').update(compact).update(clusterId).digest('hex').slice(0, 12);
}

const HEX_ID = /^(?:[0-9a-f]{2})+$/;

/**
 * Cluster id + compact signature. Hex ids (content fingerprints) are stored as raw bytes, so a
 * record stays within 64 bytes and Redis keeps the hash in its compact encoding.
 */
function encodeRecord(clusterId: string, compact: Buffer): Buffer {
  const hex = HEX_ID.test(clusterId);
  const id = hex ? Buffer.from(clusterId, 'hex') : Buffer.from(clusterId, 'utf8');
  return Buffer.concat([Buffer.from([id.length | (hex ? 0x80 : 0)]), id, compact]);
}

function decodeRecord(value: Buffer): { clusterId: string; signature: Buffer } {
  const hex = (value[0]! & 0x80) !== 0;
  const length = value[0]! & 0x7f;
  const id = value.subarray(1, 1 + length);
  return { clusterId: hex ? id.toString('hex') : id.toString('utf8'), signature: value.subarray(1 + length) };
}
