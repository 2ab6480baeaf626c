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

/** FNV-1a over a string's UTF-16 units: a fast 32-bit hash for shingles. */
function fnv1a(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The MinHash signature of a text: character 5-gram shingles of its fingerprint basis (normalized,
 * with URLs, mentions and punctuation removed), so a copy with one word changed keeps most shingles.
 * Character shingles suit short posts and Arabic morphology better than word shingles.
 */
export function minhashSignature(text: string): Uint32Array {
  const basis = fingerprintBasis(text);
  const signature = new Uint32Array(HASHES).fill(0xffffffff);
  const last = Math.max(1, basis.length - SHINGLE + 1);
  for (let start = 0; start < last; start++) {
    const shingle = fnv1a(basis, start, Math.min(basis.length, start + SHINGLE));
    for (let i = 0; i < HASHES; i++) {
      const value = (Math.imul(SEEDS_A[i]!, shingle) + SEEDS_B[i]!) >>> 0;
      if (value < signature[i]!) signature[i] = value;
    }
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
    keys.push(h1.toString(16).padStart(8, '0') + (h2 & 0xffff).toString(16).padStart(4, '0'));
  }
  return keys;
}

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
