/** Text normalization and tokenization: the public face of src/text. */
export { normalizeText, type NormalizedText } from './normalize-text.js';
export { tokenize, scriptOfWord, type Token, type TokenScript, type TokenizedText } from './tokenize.js';
export {
  arabicDhalKeys,
  arabicKey,
  arabicKeys,
  arabicVowelSkeleton,
  arabicAinKey,
  arabicPlainLetterKey,
  arabiziSkeleton,
  namedSkeletonKey,
  latinKey,
  leetKey,
  looksArabizi,
  primaryKey,
  skeletonConsonants,
  squeeze,
} from './word-keys.js';
export { arabiziReadingsOf, digitSkeletonKey, type ArabiziReading } from './arabizi-readings.js';
