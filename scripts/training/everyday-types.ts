/** Shapes of the everyday banks (everyday.ts). */

export interface EverydayGroup {
  /** Phenomena every template of the group shows (a dialect). */
  readonly tags?: readonly string[];
  /** Templates start with `@topic `: the topic becomes a phenomenon of the row. */
  readonly templates: readonly string[];
}

export interface EverydayBank {
  /** Slots added to the language bank's own (names start with `e_` or a dialect prefix). */
  readonly slots: Readonly<Record<string, readonly string[]>>;
  /** Groups are drawn evenly (one per dialect in ar-other), then a template. */
  readonly groups: readonly EverydayGroup[];
  /** Neutral everyday sentences that pad a long post (used instead of the language bank's fillers). */
  readonly fillers: readonly string[];
  /** Short words that may open or close a post. */
  readonly openers: readonly string[];
  readonly closers: readonly string[];
}
