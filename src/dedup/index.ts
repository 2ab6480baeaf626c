export { contentFingerprint, fingerprintBasis } from './content-fingerprint.js';
export { SeenItems } from './seen-items.js';
export { NearDuplicateIndex, type ClusterAssignment, type NearDuplicateOptions, type NearDuplicateOptionsSource } from './near-duplicate-index.js';
export { minhashSignature, estimateSimilarity, bandKeys } from './minhash.js';
