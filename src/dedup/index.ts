export { contentFingerprint, fingerprintBasis } from './content-fingerprint.js';
export { SeenItems } from './seen-items.js';
