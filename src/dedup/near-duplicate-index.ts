import { createHash } from 'node:crypto';
import type { RedisClient } from '../queue/index.js';
import { ENTRY_BYTES, READ_BANDS, WRITE_BANDS } from './band-scripts.js';
import { bandKeys, minhashSignature, SIGNATURE_LENGTH } from './minhash.js';

const DAY_MS = 86_400_000;
/** Keys are spread over 16^4 hashes per band, keeping each hash small (listpack-encoded). */
const BUCKET_HEX_DIGITS = 4;
/** Days are stored in two bytes (days since 1970, until 2149). */
const LAST_DAY = 0xffff;
/** Items per script call: a batch's usual size is one call; a bulk load never blocks Redis for long. */
const ITEMS_PER_CALL = 250;
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
 * A near-duplicate index in Redis: MinHash with LSH banding. Each band is one set of small hashes
 * (band key → the members that hold it, one per day: `ENTRY_BYTES` each), so a lookup reads 8 fields
 * whatever the window's length, and the records of the members it finds, in one script call. A
 * record (member id → cluster id + a compact signature for verification) lives in a per-day hash that
 * expires after the window. Band hashes are swept of entries older than the window as days pass
 * (see WRITE_BANDS), so memory is bounded by the window's traffic.
 *
 * Band keys were per day (`nd:<day>:<band>:…`, 72 reads per lookup for a 7-day window) before
 * this layout; such keys are ignored and expire on their own: the index is a rolling window, so
 * after an upgrade it only forgets the near-duplicates of the window before it.
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

  /** `lookup` for a precomputed signature: one round trip. */
  async lookupSignature(signature: Uint32Array, at: Date): Promise<ClusterAssignment | undefined> {
    const { windowMs, similarity: threshold } = this.options;
    const fields = this.bandFields(signature);
    const range = dayRange(at, windowMs);
    const { held, records } = await this.readBands(fields, range.low, range.high);
    const bands = fields.map((f) => held.get(f.id) ?? []);
    return bestMatch(compactSignature(signature), candidates(bands, range.low, range.high), records, threshold);
  }

  /** Stores a text under its cluster for the window. */
  async add(text: string, at: Date, clusterId: string): Promise<void> {
    await this.addSignatures([{ signature: minhashSignature(text), clusterId }], at);
  }

  /** Stores precomputed signatures, in order (a band field keeps the first entry of each day). */
  async addSignatures(entries: ReadonlyArray<{ signature: Uint32Array; clusterId: string }>, at: Date): Promise<void> {
    const { windowMs } = this.options;
    const day = dayOf(at);
    const writes = entries.map(({ signature, clusterId }) => {
      const compact = compactSignature(signature);
      const member = memberId(compact, clusterId);
      const entry = entryOf(day, member);
      return {
        record: { hash: this.recordHash(day, member), field: member.slice(BUCKET_HEX_DIGITS), value: encodeRecord(clusterId, compact) },
        bands: this.bandFields(signature).map((f) => ({ hash: f.hash, field: f.field, entry, day })),
      };
    });
    await this.write(writes, windowMs);
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
   * `assign` for a batch of texts, in two round trips for a batch's usual size: every band field the
   * batch reads with the records they point to, then the batch's writes. Each text is assigned as if
   * the ones before it had been assigned one by one (it can join an earlier text's cluster; a band
   * field keeps the first entry of each day).
   */
  async assignAll(items: ReadonlyArray<{ text: string; at: Date; ownId: string }>): Promise<ClusterAssignment[]> {
    if (items.length === 0) return [];
    const { windowMs, similarity: threshold } = this.options;
    const entries = items.map(({ text, at, ownId }) => {
      const signature = minhashSignature(text);
      return { ownId, fields: this.bandFields(signature), compact: compactSignature(signature), day: dayOf(at), ...dayRange(at, windowMs) };
    });
    const unique = new Map<string, BandField>();
    for (const e of entries) for (const f of e.fields) unique.set(f.id, f);
    const low = Math.min(...entries.map((e) => e.low));
    const high = Math.max(...entries.map((e) => e.high));
    const { held, records } = await this.readBands([...unique.values()], low, high);

    // What the batch writes, first writer first: each band field's entry of a day nobody held, one record per member.
    const writes: Write[] = [];
    const recordsWritten = new Set<string>();
    const assignments: ClusterAssignment[] = [];
    for (const e of entries) {
      const bands = e.fields.map((f) => held.get(f.id) ?? []);
      const assignment = bestMatch(e.compact, candidates(bands, e.low, e.high), records, threshold) ?? { clusterId: e.ownId, similarity: 1, matched: false };
      assignments.push(assignment);

      const member = memberId(e.compact, assignment.clusterId);
      const entry = entryOf(e.day, member);
      const write: Write = { bands: [] };
      const record = { hash: this.recordHash(e.day, member), field: member.slice(BUCKET_HEX_DIGITS) };
      if (!recordsWritten.has(`${record.hash}\u0000${record.field}`)) {
        recordsWritten.add(`${record.hash}\u0000${record.field}`);
        write.record = { ...record, value: encodeRecord(assignment.clusterId, e.compact) };
      }
      if (!records.has(entry)) records.set(entry, { clusterId: assignment.clusterId, signature: e.compact });
      e.fields.forEach((f, band) => {
        const list = bands[band]!;
        if (list.some((held) => entryDay(held) === e.day)) return;
        list.push(entry);
        held.set(f.id, list);
        write.bands.push({ hash: f.hash, field: f.field, entry, day: e.day });
      });
      writes.push(write);
    }
    await this.write(writes, windowMs);
    return assignments;
  }

  /** The band hash and field of each band of a signature. */
  private bandFields(signature: Uint32Array): BandField[] {
    return bandKeys(signature).map((key, band) => ({
      id: `${band}${key}`,
      hash: `${this.prefix}:nd:b${band}:${key.slice(0, BUCKET_HEX_DIGITS)}`,
      field: key.slice(BUCKET_HEX_DIGITS),
    }));
  }

  /** The entries each band field holds (every day) and the records of those within [low, high]. */
  private async readBands(
    fields: readonly BandField[],
    low: number,
    high: number,
  ): Promise<{ held: Map<string, string[]>; records: Map<string, StoredRecord> }> {
    const held = new Map<string, string[]>();
    const records = new Map<string, StoredRecord>();
    const chunks: BandField[][] = [];
    for (let from = 0; from < fields.length; from += ITEMS_PER_CALL * 8) chunks.push(fields.slice(from, from + ITEMS_PER_CALL * 8));
    const read = (chunk: readonly BandField[]) =>
      READ_BANDS.run(
        this.redis,
        chunk.map((f) => f.hash),
        [`${this.prefix}:nd:`, low, high, ...chunk.map((f) => f.field)],
      ) as Promise<[Array<number | Buffer>, Buffer[]]>;
    const replies = chunks.length === 1 ? [await read(chunks[0]!)] : await Promise.all(chunks.map(read));
    replies.forEach(([bands, found], c) => {
      for (let i = 0; i < bands.length; i += 2) {
        const value = bands[i + 1] as Buffer;
        const list: string[] = [];
        for (let j = 0; j + ENTRY_BYTES <= value.length; j += ENTRY_BYTES) list.push(value.toString('hex', j, j + ENTRY_BYTES));
        held.set(chunks[c]![Number(bands[i]) - 1]!.id, list);
      }
      for (let i = 0; i < found.length; i += 2) records.set(found[i]!.toString('hex'), decodeRecord(found[i + 1]!));
    });
    return { held, records };
  }

  /** Writes band entries and records, ITEMS_PER_CALL items per script call, in order. */
  private async write(writes: readonly Write[], windowMs: number): Promise<void> {
    const ttl = Math.ceil((windowMs + 2 * DAY_MS) / 1000);
    const windowDays = Math.ceil(windowMs / DAY_MS);
    // A hash is swept up to the day it is written, but never past tomorrow: a post dated in the future
    // by a broken feed must not prune the window's entries.
    const latestSweep = Math.floor(Date.now() / DAY_MS) + 1;
    for (let from = 0; from < writes.length; from += ITEMS_PER_CALL) {
      const bandIndex = new Map<string, number>();
      const bandDays: number[] = [];
      const recordIndex = new Map<string, number>();
      const bandArgs: Array<string | Buffer | number> = [];
      const recordArgs: Array<string | Buffer | number> = [];
      const chunk = writes.slice(from, from + ITEMS_PER_CALL);
      for (const w of chunk) {
        for (const b of w.bands) {
          let index = bandIndex.get(b.hash);
          if (index === undefined) {
            index = bandIndex.size + 1;
            bandIndex.set(b.hash, index);
            bandDays.push(Math.min(b.day, latestSweep));
          } else bandDays[index - 1] = Math.max(bandDays[index - 1]!, Math.min(b.day, latestSweep));
          bandArgs.push(index, b.field, Buffer.from(b.entry, 'hex'));
        }
      }
      for (const w of chunk) {
        if (!w.record) continue;
        let index = recordIndex.get(w.record.hash);
        if (index === undefined) {
          index = bandIndex.size + recordIndex.size + 1;
          recordIndex.set(w.record.hash, index);
        }
        recordArgs.push(index, w.record.field, w.record.value);
      }
      if (bandIndex.size + recordIndex.size === 0) continue;
      const keys = [...bandIndex.keys(), ...recordIndex.keys()];
      await WRITE_BANDS.run(this.redis, keys, [bandIndex.size, ttl, windowDays, bandArgs.length / 3, ...bandDays, ...bandArgs, ...recordArgs]);
    }
  }

  private recordHash(day: number, member: string): string {
    return `${this.prefix}:nd:${day}:r:${member.slice(0, BUCKET_HEX_DIGITS)}`;
  }
}

interface BandField {
  /** Band number and band key: names the field within a batch. */
  readonly id: string;
  readonly hash: string;
  readonly field: string;
}

interface StoredRecord {
  readonly clusterId: string;
  readonly signature: Buffer;
}

/** One text's writes: its entry in each band field (of a day not yet held) and its record. */
interface Write {
  readonly bands: Array<{ hash: string; field: string; entry: string; day: number }>;
  record?: { hash: string; field: string; value: Buffer };
}

/**
 * The members that band fields name within [low, high], each once, in the order the per-day layout
 * read them (by day, then by band): ties in similarity go to the same member as before.
 */
function candidates(bands: ReadonlyArray<readonly string[]>, low: number, high: number): string[] {
  const found: Array<{ day: number; band: number; entry: string }> = [];
  if (bands.every((entries) => entries.length === 0)) return [];
  bands.forEach((entries, band) => {
    for (const entry of entries) {
      const day = entryDay(entry);
      if (day >= low && day <= high) found.push({ day, band, entry });
    }
  });
  found.sort((a, b) => a.day - b.day || a.band - b.band);
  return [...new Set(found.map((f) => f.entry))];
}

/** The cluster of the most similar candidate at or above the threshold (the first of equals). */
function bestMatch(query: Buffer, members: readonly string[], records: ReadonlyMap<string, StoredRecord>, threshold: number): ClusterAssignment | undefined {
  let best: ClusterAssignment | undefined;
  for (const member of members) {
    const record = records.get(member);
    if (!record) continue;
    const similarity = compactSimilarity(query, record.signature);
    if (similarity >= threshold && (!best || similarity > best.similarity)) best = { clusterId: record.clusterId, similarity, matched: true };
  }
  return best;
}

/** An entry as hex: the day (4 hex digits) then the member id (12). */
function entryOf(day: number, member: string): string {
  return day.toString(16).padStart(4, '0') + member;
}

function entryDay(entry: string): number {
  return Number.parseInt(entry.slice(0, 4), 16);
}

function dayOf(at: Date): number {
  const day = Math.floor(at.getTime() / DAY_MS);
  if (!(day >= 0 && day <= LAST_DAY)) throw new RangeError(`near-duplicate index: date out of range: ${at.toISOString()}`);
  return day;
}

/** The days a lookup at `at` reads: from the window's first day to the day after `at` (posts come out of order). */
function dayRange(at: Date, windowMs: number): { low: number; high: number } {
  return { low: Math.floor((at.getTime() - windowMs) / DAY_MS), high: dayOf(at) + 1 };
}

/** Slots kept for verification: enough to estimate similarity to ±0.05, small enough to store. */
const COMPACT_LENGTH = Math.min(40, SIGNATURE_LENGTH);

/**
 * The low byte of the first MinHash values: they still estimate similarity (two unequal values agree
 * by chance 1 time in 256, a negligible bias) and keep each record within Redis' compact listpack
 * encoding (values up to 64 bytes).
 */
function compactSignature(signature: Uint32Array): Buffer {
  const bytes = Buffer.allocUnsafe(COMPACT_LENGTH);
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
