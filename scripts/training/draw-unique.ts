import { LANGS, type ExampleRow, type Lang } from './example-types.js';
import type { RandomSource } from './random-source.js';

/**
 * `perLanguage` rows in each language group from `compose`, none repeating a text in `seen` (which it
 * extends), shuffled together so any prefix is a fair sample; ids are left to the caller. `what` names
 * the rows in the error when a bank cannot yield enough distinct texts.
 */
export function drawUnique(rng: RandomSource, perLanguage: number, seen: Set<string>, what: string, compose: (lang: Lang) => ExampleRow): ExampleRow[] {
  const rows: ExampleRow[] = [];
  for (const lang of LANGS) {
    for (let i = 0; i < perLanguage; i++) {
      for (let attempt = 0; ; attempt++) {
        const row = compose(lang);
        const key = row.text.toLowerCase();
        if (!seen.has(key)) {
          seen.add(key);
          rows.push(row);
          break;
        }
        if (attempt > 60) throw new Error(`${lang}: could not draw a new ${what} after 60 tries`);
      }
    }
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return rows;
}
