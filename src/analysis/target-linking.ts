import type { CompiledAnalyzer } from './compiled-types.js';
import type { Mention } from './place-mentions.js';
import type { PostWord } from './post-words.js';
import type { ScoredSignal } from './threat-signals.js';

/** Why a threat counts as aimed at a mention, and how sure that link is. */
export interface TargetLink {
  readonly mention: Mention;
  readonly how: string;
  readonly factor: number;
}

/** Attached object pronouns of Arabic verbs that point at a group: نضربهم, نخلص منكم, ندبحكن. */
const AR_GROUP_SUFFIXES = ['هم', 'كم', 'كو', 'هن', 'كن'];

/**
 * Finds the place a threat signal is aimed at: the nearest mention in the same sentence within
 * `linking.max_word_distance` words (a mention inside the phrase wins, then the same clause); a
 * place addressed directly (يا أهل X) or named in a hashtag; or, when the threat's sentence names
 * nobody but says "them"/"you"/نضربهم (or its threat says "her", the town: نقصفها), a mention in the
 * neighbouring sentence. The nearest mention wins even when it is an unmonitored place or a person's
 * town is further away: that is the target.
 */
export function linkSignal(signal: ScoredSignal, mentions: readonly Mention[], words: readonly PostWord[], analyzer: CompiledAnalyzer): TargetLink | null {
  if (mentions.length === 0) return null;
  const sentence = words[signal.start]!.sentence;
  const clause = words[signal.start]!.clause;
  const maxDistance = analyzer.thresholds.linking.max_word_distance;
  let best: TargetLink | null = null;
  let bestCost = Infinity;
  for (const m of mentions) {
    const i = m.collapsedIndex;
    const w = words[i]!;
    if (w.sentence !== sentence) continue;
    const inside = i >= signal.start && i < signal.end;
    const distance = inside ? 0 : i >= signal.end ? i - signal.end : signal.start - i - 1;
    if (distance > maxDistance) continue;
    const sameClause = w.clause === clause;
    // Objects follow verbs: at equal distance the mention after the threat wins.
    const cost = distance + (sameClause ? 0 : 2) + (i < signal.start ? 0.5 : 0);
    if (cost < bestCost) {
      bestCost = cost;
      const how = inside ? 'named in the threat' : m.vocative ? 'direct address' : sameClause ? 'same clause' : 'same sentence';
      best = { mention: m, how, factor: sameClause || inside ? 1 : 0.95 };
    }
  }
  if (best) return best;
  const vocative = mentions.find((m) => m.vocative);
  if (vocative) return { mention: vocative, how: 'direct address', factor: 0.95 };
  const hashtag = mentions.find((m) => m.kind === 'hashtag');
  if (hashtag) return { mention: hashtag, how: 'hashtag', factor: 0.9 };
  const group = refersBack(words, sentence, analyzer);
  if (group || aimsAtHer(words, signal)) {
    const near = mentions.find((m) => Math.abs(words[m.collapsedIndex]!.sentence - sentence) === 1);
    const how = group ? 'pronoun for a group in the neighbouring sentence' : 'pronoun for the town in the neighbouring sentence';
    if (near) return { mention: near, how, factor: 0.9 };
  }
  if (signal.phrase.selfTargeting) return { mention: mentions[0]!, how: 'phrase names its target', factor: 0.85 };
  return null;
}

function refersBack(words: readonly PostWord[], sentence: number, analyzer: CompiledAnalyzer): boolean {
  for (const w of words) {
    if (w.sentence !== sentence) continue;
    const key = w.keys[0]!;
    if (analyzer.anaphora.has(key)) return true;
    if (w.script === 'ar' && key.length >= 4 && endsWithGroupPronoun(key)) return true;
    if (w.script === 'lat' && key.length >= 6 && LATIN_GROUP_SUFFIX.test(key)) return true;
  }
  return false;
}

/**
 * A threat whose own verb or noun takes "her" (نقصفها, نحرقها, تدميرها): a town is feminine in
 * Arabic, and the sentence before names it. Five letters at least, so that فيها and منها are not read
 * as one; other words of the sentence ending in ها are the writer's own (بيتها, her house).
 */
function aimsAtHer(words: readonly PostWord[], signal: ScoredSignal): boolean {
  for (let i = signal.start; i < signal.end; i++) {
    const w = words[i]!;
    const key = w.keys[0]!;
    if (w.script === 'ar' && key.length >= 5 && key.endsWith('ها')) return true;
  }
  return false;
}

/**
 * The same pronouns attached in Arabizi (7adrinlohom, nwarrikom, 3alehom): a word of six letters or
 * more, so that hom, kom and short nouns (7okom, a ruling) are not read as one.
 */
const LATIN_GROUP_SUFFIX = /(?:hom|hum|kom|kum|kon)$/;

/** The pronouns' last letters: most words end otherwise and need no further look. */
const AR_GROUP_SUFFIX_ENDS = new Set(AR_GROUP_SUFFIXES.map((s) => s.charCodeAt(s.length - 1)));

function endsWithGroupPronoun(key: string): boolean {
  if (!AR_GROUP_SUFFIX_ENDS.has(key.charCodeAt(key.length - 1))) return false;
  for (const suffix of AR_GROUP_SUFFIXES) if (key.endsWith(suffix)) return true;
  return false;
}
