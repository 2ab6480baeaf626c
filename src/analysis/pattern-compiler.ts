import type { Language } from '../config/index.js';
import { arabiziSkeleton, latinKey, normalizeText, tokenize, type Token } from '../text/index.js';
import { arabicVerbKeys, arabicWordKeys, arabiziVerbKeys, englishVerbKeys } from './morphology.js';
import { WILDCARD, type Slot } from './token-automaton.js';

/** The key a place phrase takes in the second matching pass, where it counts as one word. */
export const TARGET_KEY = '@target';

/** Past this many expansions a pattern is refused: it would bloat the automaton. */
const MAX_VARIANTS = 512;

type Part =
  | { readonly kind: 'word'; readonly options: readonly string[] }
  | { readonly kind: 'wild'; readonly min: number; readonly max: number }
  | { readonly kind: 'optional'; readonly parts: readonly Part[] };

/** How words of a pattern are keyed: as English/place words, Arabic, or Arabizi skeletons. */
export type PatternLanguage = Language | 'place';

/**
 * Compiles one pattern of the operators' language into the slot sequences it stands for. Throws an
 * Error with a readable message on a malformed pattern (the config loader reports it with its file).
 *
 * @example compilePattern('i will [really] kill+ *', 'en') // 2 sequences (with and without "really")
 */
export function compilePattern(pattern: string, language: PatternLanguage): Slot[][] {
  // " || " separates whole alternative phrases ("according to || reportedly").
  return pattern.split(' || ').flatMap((alternative) => compileOne(alternative, language, pattern));
}

function compileOne(alternative: string, language: PatternLanguage, pattern: string): Slot[][] {
  const parts = parseParts(alternative.trim().split(/\s+/).filter(Boolean), pattern);
  const variants = expand(parts, language, pattern)
    .map(trimWildcards)
    .filter((v) => v.length > 0 && v.some((s) => s !== WILDCARD));
  return variants;
}

/** Compiles a literal phrase (a place name): no operators, words keyed like post words. */
export function compileLiteral(phrase: string): Slot[] {
  const { tokens } = tokenize(normalizeText(phrase).text);
  return tokens.map((t, i) => new Set([literalKey(t, tokens[i + 1])]));
}

function literalKey(token: Token, next: Token | undefined): string {
  if (token.script === 'ar') return arabicWordKeys(token.text)[0]!;
  if (token.script === 'lat') return latinKey(token.text, token.clitic, next?.text === "n't");
  return token.text;
}

function parseParts(chunks: readonly string[], pattern: string): Part[] {
  const parts: Part[] = [];
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i]!;
    if (chunk.startsWith('[')) {
      const inner: string[] = [];
      let j = i;
      let text = chunk.slice(1);
      while (!text.endsWith(']')) {
        if (text) inner.push(text);
        j++;
        if (j >= chunks.length) throw new Error(`pattern "${pattern}": "[" without "]"`);
        text = chunks[j]!;
      }
      text = text.slice(0, -1);
      if (text) inner.push(text);
      parts.push({ kind: 'optional', parts: parseParts(inner, pattern) });
      i = j;
    } else if (chunk === '*') parts.push({ kind: 'wild', min: 1, max: 1 });
    else if (chunk === '**') parts.push({ kind: 'wild', min: 0, max: 3 });
    else if (chunk.includes('[') || chunk.includes(']')) throw new Error(`pattern "${pattern}": stray bracket in "${chunk}"`);
    else parts.push({ kind: 'word', options: chunk.split('|').filter(Boolean) });
  }
  return parts;
}

function expand(parts: readonly Part[], language: PatternLanguage, pattern: string): Slot[][] {
  let variants: Slot[][] = [[]];
  for (const part of parts) {
    const next: Slot[][] = [];
    const tails = tailsOf(part, language, pattern);
    for (const v of variants) for (const tail of tails) next.push([...v, ...tail]);
    if (next.length > MAX_VARIANTS) throw new Error(`pattern "${pattern}": more than ${MAX_VARIANTS} expansions`);
    variants = next;
  }
  return variants;
}

function tailsOf(part: Part, language: PatternLanguage, pattern: string): Array<readonly Slot[]> {
  if (part.kind === 'wild') {
    const out: Slot[][] = [];
    for (let n = part.min; n <= part.max; n++) out.push(Array<Slot>(n).fill(WILDCARD));
    return out;
  }
  if (part.kind === 'optional') return [[], ...expand(part.parts, language, pattern)];
  // Single-word options share one slot; multi-word options ("let's", "put an end") are their own branch.
  if (part.options.length === 1) {
    const seq = optionSlots(part.options[0]!, language);
    return seq.length > 0 ? [seq] : [];
  }
  const merged = new Set<string>();
  const branches: Array<readonly Slot[]> = [];
  for (const option of part.options) {
    const seq = optionSlots(option, language);
    if (seq.length === 1) for (const k of seq[0] as ReadonlySet<string>) merged.add(k);
    else if (seq.length > 1) branches.push(seq);
  }
  return merged.size > 0 ? [[merged], ...branches] : branches;
}

/** The slots of options compiled during {@link withOptionCache}, by language and option. */
let optionCache: Map<string, readonly Slot[]> | null = null;

/**
 * Runs `compile` with each option's slots worked out once: a config uses the same verb ("kill+",
 * "ذبح+") in many patterns, and inflecting it is most of what compiling a pattern costs. The patterns
 * that share an option then share its slot objects, which the automaton builder keys once per object.
 */
export function withOptionCache<T>(compile: () => T): T {
  const outer = optionCache;
  optionCache ??= new Map();
  try {
    return compile();
  } finally {
    optionCache = outer;
  }
}

function optionSlots(option: string, language: PatternLanguage): readonly Slot[] {
  if (!optionCache) return compileOption(option, language);
  const key = `${language}\u0000${option}`;
  let slots = optionCache.get(key);
  if (!slots) {
    slots = compileOption(option, language);
    optionCache.set(key, slots);
  }
  return slots;
}

function compileOption(option: string, language: PatternLanguage): Slot[] {
  if (option === TARGET_KEY) return [new Set([TARGET_KEY])];
  // A clitic on its own ("'s", "n't") keys like the clitic split off a post word.
  if (/^(?:'[a-z]+|n't)$/.test(option)) return [new Set([latinKey(option, true)])];
  // `++` (Arabic): inflect, but only forms with a person prefix (نبيد, not بيد).
  const strict = option.endsWith('++');
  const inflect = option.endsWith('+');
  const word = strict ? option.slice(0, -2) : inflect ? option.slice(0, -1) : option;
  const { tokens } = tokenize(normalizeText(word).text);
  return tokens.map((token, i) => {
    const last = i === tokens.length - 1;
    return new Set(wordKeys(token, tokens[i + 1], language, inflect && last, strict && last));
  });
}

function wordKeys(token: Token, next: Token | undefined, language: PatternLanguage, inflect: boolean, strict = false): string[] {
  if (token.script === 'ar') return inflect ? arabicVerbKeys(token.text, strict) : arabicWordKeys(token.text);
  if (token.script === 'lat' && language === 'arabizi') {
    return inflect ? arabiziVerbKeys(token.text) : [arabiziSkeleton(token.text)];
  }
  if (token.script === 'lat') {
    return inflect ? englishVerbKeys(token.text) : [latinKey(token.text, token.clitic, next?.text === "n't")];
  }
  return [token.text];
}

function trimWildcards(slots: Slot[]): Slot[] {
  let a = 0;
  let b = slots.length;
  while (a < b && slots[a] === WILDCARD) a++;
  while (b > a && slots[b - 1] === WILDCARD) b--;
  return slots.slice(a, b);
}
