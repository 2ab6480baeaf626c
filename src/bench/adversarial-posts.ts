import { analyzePost, type CompiledAnalyzer } from '../analysis/index.js';

/** Longest post the analyzer reads; adversarial posts are built at this size. */
const ADVERSARIAL_CHARS = 20_000;

/** Kinds of hostile post the analyzer must get through in bounded time. */
export type AdversarialKind = 'dotted' | 'repeated_word' | 'glued_words' | 'many_places';

/** Letters for a salt, so that every generated post is new to the analyzer's word cache. */
function salt(i: number): string {
  return i.toString(26).replace(/./g, (d) => String.fromCharCode(97 + parseInt(d, 26)));
}

function fill(chars: number, next: (k: number) => string): string {
  let text = '';
  for (let k = 0; text.length < chars; k++) text += `${next(k)} `;
  return text.slice(0, chars);
}

/**
 * The i-th post of a kind, ADVERSARIAL_CHARS long: letters spaced out by dots ("k.i.l.l t.h.e …",
 * one giant word once re-joined), one word repeated without spaces, long glued words of function
 * words and unknown pieces, and a list of place names (each a gazetteer hit).
 */
export function adversarialPost(kind: AdversarialKind, i: number, aliases: readonly string[]): string {
  const s = salt(i);
  switch (kind) {
    case 'dotted':
      return fill(ADVERSARIAL_CHARS, (k) => ['kill', 'the', 'people', 'of', s][k % 5]!.split('').join('.'));
    case 'repeated_word':
      return `${s} ${'kill'.repeat(ADVERSARIAL_CHARS / 4)}`.slice(0, ADVERSARIAL_CHARS);
    case 'glued_words':
      return fill(ADVERSARIAL_CHARS, (k) => `tothem${s}${salt(k)}killthe`);
    case 'many_places':
      return fill(ADVERSARIAL_CHARS, (k) => (k % 4 === 3 ? `kill ${s}` : aliases[(i * 31 + k) % aliases.length]!));
  }
}

/**
 * Posts/s of the slowest kind of adversarial post, one core, each post new (no word-cache help), and
 * the figure per kind. Every post is analysed in bounded work, so the worst case stays near the others.
 */
export function measureAdversarial(
  analyzer: CompiledAnalyzer,
  aliases: readonly string[],
  seconds: number,
): { worst: number; byKind: Record<AdversarialKind, number> } {
  const kinds: AdversarialKind[] = ['dotted', 'repeated_word', 'glued_words', 'many_places'];
  const byKind = {} as Record<AdversarialKind, number>;
  let post = 0;
  for (const kind of kinds) {
    analyzePost({ text: adversarialPost(kind, post++, aliases) }, analyzer); // warm-up: JIT
    let done = 0;
    const start = performance.now();
    const until = start + (seconds * 1000) / kinds.length;
    // At least a few posts each, so that one slow post cannot hide behind a short window.
    while (done < 3 || performance.now() < until) {
      analyzePost({ text: adversarialPost(kind, post++, aliases) }, analyzer);
      done++;
    }
    byKind[kind] = Math.round(((done * 1000) / (performance.now() - start)) * 100) / 100;
  }
  return { worst: Math.min(...Object.values(byKind)), byKind };
}
