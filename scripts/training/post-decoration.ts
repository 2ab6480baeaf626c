import type { LanguageBank } from './example-types.js';
import type { RandomSource } from './random-source.js';

/** The surface noise of real posts, applied to threats and non-threats alike so it is no label cue. */
export interface Decorated {
  readonly text: string;
  readonly tags: string[];
}

const HANDLE_STEMS = [
  'abu_',
  'sham_',
  'nour',
  'freedom',
  'voice_of_',
  'ahmad',
  'um_',
  'zaytoun',
  'alwatan',
  'rami',
  'sara',
  'hawks',
  'nabil',
  'yasmine',
  'the_real_',
  'ghost',
];
const HANDLE_TAILS = ['91', '_x', '2011', '_official', '7', '_news', '313', '_sy', '99', '_', '88', '3'];
const NEUTRAL_EMOJI = ['🙏', '😂', '💔', '🤷‍♂️', '😡', '👀', '‼️', '🤲', '😭', '👇', '🔴', '🙄'];

const wordCount = (s: string): number => s.split(/\s+/).filter(Boolean).length;

/** Wraps a sentence in neutral filler until the post reads as a long ramble (45+ words). */
function rambleAround(rng: RandomSource, bank: LanguageBank, core: string): string {
  const before: string[] = [];
  const after: string[] = [];
  const used = new Set<string>();
  while (wordCount([...before, core, ...after].join(' ')) < 45) {
    let f = rng.pick(bank.fillers);
    for (let k = 0; k < 5 && used.has(f); k++) f = rng.pick(bank.fillers);
    used.add(f);
    (rng.chance(0.5) ? before : after).push(f);
  }
  const closed = /[\p{L}\p{N}]$/u.test(core) ? `${core}.` : core;
  return [...before, closed, ...after].join(' ');
}

/** Adds handles, emoji, long-post padding and casing, each with the same odds for either label. */
export function decoratePost(rng: RandomSource, bank: LanguageBank, text: string): Decorated {
  const tags: string[] = [];
  let out = text;
  if (wordCount(out) < 40 && rng.chance(0.08)) {
    out = rambleAround(rng, bank, out);
    tags.push('long_post');
  }
  if (rng.chance(0.06)) {
    out = `@${rng.pick(HANDLE_STEMS)}${rng.pick(HANDLE_TAILS)} ${out}`;
    tags.push('handle');
  }
  if (rng.chance(0.07)) out = `${out} ${rng.pick(NEUTRAL_EMOJI)}`;
  if (bank.script !== 'ar') {
    if (rng.chance(0.05)) out = out.toLowerCase();
    else if (rng.chance(0.015)) out = out.toUpperCase();
  }
  if (wordCount(out) >= 45) tags.push('long_post');
  return { text: out, tags: [...new Set(tags)] };
}
