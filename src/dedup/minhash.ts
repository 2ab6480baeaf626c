import { fingerprintBasis } from './content-fingerprint.js';

/** MinHash parameters: BANDS × ROWS hash functions; a band is ROWS values hashed into one key. */
export const BANDS = 8;
export const ROWS = 6;
const HASHES = BANDS * ROWS;
/** Number of MinHash values in a signature. */
export const SIGNATURE_LENGTH = HASHES;
const SHINGLE = 5;

// Fixed odd multipliers/offsets: signatures must be identical across processes and releases.
const SEEDS_A = new Uint32Array(HASHES);
const SEEDS_B = new Uint32Array(HASHES);
{
  let state = 0x9e3779b9;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  for (let i = 0; i < HASHES; i++) {
    SEEDS_A[i] = next() | 1;
    SEEDS_B[i] = next();
  }
}

/** The seeds as signed 32-bit integers: the products below stay small integers in V8, never doubles. */
const SEEDS_A_INT = new Int32Array(SEEDS_A.buffer);
const SEEDS_B_INT = new Int32Array(SEEDS_B.buffer);
/** Flips the sign bit, so signed comparison orders values as unsigned comparison does. */
const SIGN = -0x80000000;

/** Shingle hashes of the text being signed, reused across calls (grown when a text needs more). */
let shingleHashes = new Int32Array(512);

/**
 * The MinHash signature of a text: character 5-gram shingles of its fingerprint basis (normalized,
 * with URLs, mentions and punctuation removed), so a copy with one word changed keeps most shingles.
 * Character shingles suit short posts and Arabic morphology better than word shingles.
 *
 * Each shingle is hashed once (FNV-1a over its UTF-16 units); slot i is the minimum over shingles of
 * `(a_i · h + b_i) mod 2^32`. The minimum is kept in a local, in sign-flipped int32 form, one hash
 * function at a time: the same values as comparing unsigned numbers, without boxing them.
 */
export function minhashSignature(text: string): Uint32Array {
  const basis = fingerprintBasis(text);
  const last = Math.max(1, basis.length - SHINGLE + 1);
  if (shingleHashes.length < last) shingleHashes = new Int32Array(last * 2);
  const hashes = shingleHashes;
  for (let start = 0; start < last; start++) {
    const end = Math.min(basis.length, start + SHINGLE);
    let hash = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ basis.charCodeAt(i), 0x01000193);
    hashes[start] = hash;
  }
  const signature = new Uint32Array(HASHES);
  for (let i = 0; i < HASHES; i++) {
    const a = SEEDS_A_INT[i]!;
    const b = SEEDS_B_INT[i]!;
    let min = 0x7fffffff; // 0xffffffff, sign-flipped
    for (let s = 0; s < last; s++) {
      const flipped = ((Math.imul(a, hashes[s]!) + b) | 0) ^ SIGN;
      if (flipped < min) min = flipped;
    }
    signature[i] = (min ^ SIGN) >>> 0;
  }
  return signature;
}

/** Estimated Jaccard similarity: the share of equal signature slots. */
export function estimateSimilarity(a: Uint32Array, b: Uint32Array): number {
  let equal = 0;
  for (let i = 0; i < HASHES; i++) if (a[i] === b[i]) equal += 1;
  return equal / HASHES;
}

/**
 * One 48-bit key per band (as 12 hex digits). Two texts share a band key when all ROWS slots of
 * that band are equal: likely above ~0.8 similarity, rare below 0.5. Candidates are then verified.
 */
export function bandKeys(signature: Uint32Array): string[] {
  const keys: string[] = [];
  for (let band = 0; band < BANDS; band++) {
    let h1 = 0x811c9dc5 ^ band;
    let h2 = 0x01000193 + band;
    for (let row = 0; row < ROWS; row++) {
      const v = signature[band * ROWS + row]!;
      h1 = Math.imul(h1 ^ v, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ (v >>> 7), 0x5bd1e995) >>> 0;
    }
    keys.push(HEX[h1 >>> 24]! + HEX[(h1 >>> 16) & 0xff]! + HEX[(h1 >>> 8) & 0xff]! + HEX[h1 & 0xff]! + HEX[(h2 >>> 8) & 0xff]! + HEX[h2 & 0xff]!);
  }
  return keys;
}

/** Two hex digits per byte value. */
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Signature as a compact string for storage (base64 of its bytes). */
export function encodeSignature(signature: Uint32Array): string {
  return Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength).toString('base64');
}

export function decodeSignature(encoded: string): Uint32Array {
  const bytes = Buffer.from(encoded, 'base64');
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Uint32Array(copy.buffer);
}
