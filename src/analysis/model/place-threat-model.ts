import type { ThreatCategory } from '../../config/index.js';
import { applyPlatt } from './calibration.js';
import { readModelFile, unpackWeights, type ModelFile } from './model-file.js';
import type { ScoredCandidate } from './place-candidates.js';
import { CATEGORY_DIMS, CATEGORY_MASK, FEATURE_DIMS, type FeatureParts, type WordFeatures } from './place-features.js';
import { featureScale, sparseScore, softmaxInto } from './sparse-linear.js';
import type { CandidateScore, ThreatScorer } from './threat-scorer.js';

/**
 * The shipped scorer: a logistic regression over the hashed features of a post and its candidate
 * place, Platt-calibrated, and a softmax over threat categories. O(features) per candidate, no
 * allocation but the result. The model being linear, the threat score of a post sums, per word, the
 * weights of the word's own features once (cached by word) instead of reading every char-gram's
 * weight post after post. The grouping changes nothing with the shipped weights: all are multiples
 * of 2^-34 below 6.6 in size, so any sum of fewer than 79,000 of them (a 20,000-character post has
 * fewer features) is exact in a double, in any order. Other weights could move the last bit.
 */
export class PlaceThreatModel implements ThreatScorer {
  readonly version: string;
  private readonly threatWeights: Float32Array;
  private readonly threatBias: number;
  private readonly platt: { a: number; b: number };
  private readonly classes: readonly ThreatCategory[];
  private readonly categoryWeights: Float32Array;
  private readonly categoryBiases: Float64Array;
  private readonly probs: Float64Array;
  /** Scratch for the category model's folded features, grown as posts need. */
  private masked: Int32Array;
  /** Per word: the threat weights of its own features (char-grams, unigram) summed. */
  private readonly wordSums = new WeakMap<WordFeatures, number>();
  /** The last word list summed and its sum: the candidates of a post mostly share the post's words. */
  private lastWords: readonly WordFeatures[] | null = null;
  private lastWordsSum = 0;

  constructor(file: ModelFile, source = 'model file') {
    this.version = file.version;
    this.threatWeights = unpackWeights(file.threat.weights, source);
    this.threatBias = file.threat.bias;
    this.platt = file.threat.calibration;
    this.classes = file.category.classes;
    this.categoryWeights = unpackWeights(file.category.weights, source);
    this.categoryBiases = Float64Array.from(file.category.biases);
    this.probs = new Float64Array(this.classes.length);
    this.masked = new Int32Array(4096);
    if (this.threatWeights.length !== FEATURE_DIMS || this.categoryWeights.length !== CATEGORY_DIMS * this.classes.length) {
      throw new Error(`${source}: model weights do not match the feature layout; run \`placewatch model train\``);
    }
  }

  /** Loads a model file (errors name the file). */
  static load(file: string): PlaceThreatModel {
    return new PlaceThreatModel(readModelFile(file), file);
  }

  score(candidates: readonly ScoredCandidate[]): CandidateScore[] {
    return candidates.map((c) => new ModelScore(applyPlatt(this.platt, this.threatLogit(c.parts)), this, c));
  }

  scorePlaceless(features: Int32Array): CandidateScore {
    return this.scoreFeatures(features);
  }

  /** The calibrated probability alone (training and evaluation). */
  probability(features: Int32Array): number {
    return applyPlatt(this.platt, sparseScore(this.threatWeights, this.threatBias, features));
  }

  private scoreFeatures(features: Int32Array): CandidateScore {
    return new ModelScore(this.probability(features), this, { features });
  }

  /** The threat model's w · x + bias over a candidate's features, from its parts (see the class comment). */
  private threatLogit(parts: FeatureParts): number {
    const weights = this.threatWeights;
    let z = this.wordsSum(parts.words);
    const rest = parts.rest;
    for (let i = 0; i < rest.length; i++) z += weights[rest[i]!]!;
    return this.threatBias + z * featureScale(parts.count);
  }

  private wordsSum(words: readonly WordFeatures[]): number {
    if (words === this.lastWords) return this.lastWordsSum;
    let z = 0;
    for (const word of words) z += this.wordSum(word);
    this.lastWords = words;
    this.lastWordsSum = z;
    return z;
  }

  private wordSum(word: WordFeatures): number {
    let sum = this.wordSums.get(word);
    if (sum === undefined) {
      const weights = this.threatWeights;
      sum = weights[word.unigram]!;
      for (let i = 0; i < word.grams.length; i++) sum += weights[word.grams[i]!]!;
      this.wordSums.set(word, sum);
    }
    return sum;
  }

  /** The category model's most likely kind of threat (training and evaluation, and each score's category). */
  categoryOf(features: Int32Array): ThreatCategory {
    const n = features.length;
    if (n > this.masked.length) this.masked = new Int32Array(n * 2);
    for (let i = 0; i < n; i++) this.masked[i] = features[i]! & CATEGORY_MASK;
    softmaxInto(this.categoryWeights, this.categoryBiases, this.masked.subarray(0, n), CATEGORY_DIMS, this.probs);
    let best = 0;
    for (let c = 1; c < this.probs.length; c++) if (this.probs[c]! > this.probs[best]!) best = c;
    return this.classes[best]!;
  }
}

/**
 * A verdict whose category is worked out when first read: most candidates fall below every cut and
 * never are. A class, not a literal with a getter: such literals are slow to build and slow to read.
 */
class ModelScore implements CandidateScore {
  private known: ThreatCategory | null = null;

  constructor(
    readonly probability: number,
    private readonly model: PlaceThreatModel,
    private readonly source: { readonly features: Int32Array },
  ) {}

  get category(): ThreatCategory {
    this.known ??= this.model.categoryOf(this.source.features);
    return this.known;
  }
}
