import { loadOrCompileAnalyzer } from '../analysis/index.js';
import { parseConfigContent, type ConfigContent, type Language, type PlaceConfig } from '../config/index.js';
import { errorMessage, isPlacewatchError } from '../errors.js';
import { normalizeText, tokenize } from '../text/index.js';
import { isCommonWord, isStopWord } from './common-words.js';

/** One finding; `where` names the file and item (`places.yaml: places[darat-izza].aliases.en[2]`). */
export interface ValidationIssue {
  readonly level: 'error' | 'warning';
  readonly code: 'schema' | 'compile' | 'alias_conflict' | 'duplicate_alias' | 'common_word_alias' | 'duplicate_phrase' | 'broad_phrase' | 'phrase_weight';
  readonly where: string;
  readonly message: string;
}

/** Errors block activation; warnings are shown and do not. */
export interface ValidationReport {
  readonly ok: boolean;
  readonly errors: readonly ValidationIssue[];
  readonly warnings: readonly ValidationIssue[];
}

/**
 * Checks a config version before it may go live: the file schemas, then what the schemas cannot
 * see — one name claimed by two places, names repeated, one-word names that are everyday words,
 * phrases repeated or so vague they would match almost every post — and finally that it compiles.
 *
 * @example validateContent(content).errors.map((e) => `${e.where}: ${e.message}`)
 */
export function validateContent(raw: unknown, label = 'draft'): ValidationReport {
  let content: ConfigContent;
  try {
    content = parseConfigContent(raw, label);
  } catch (error) {
    if (!isPlacewatchError(error)) throw error;
    const lines = error.message.split('\n');
    return report(lines.map((line) => ({ level: 'error', code: 'schema', where: label, message: line.replace(`${label}: `, '') })));
  }
  const issues = [...checkPlaceNames(content), ...checkPhrases(content)];
  if (!issues.some((i) => i.level === 'error')) {
    try {
      // The model file is the deployment's, not the version's: only the patterns are checked here.
      // Through the compiled-analyzer cache: the version validated is usually the one about to be
      // activated (worker start-up, a config page), which then loads what this compile wrote.
      loadOrCompileAnalyzer({ ...content, version: label }, { model: null });
    } catch (error) {
      issues.push({ level: 'error', code: 'compile', where: 'lexicon', message: errorMessage(error) });
    }
  }
  return report(issues);
}

function report(issues: readonly ValidationIssue[]): ValidationReport {
  const errors = issues.filter((i) => i.level === 'error');
  return { ok: errors.length === 0, errors, warnings: issues.filter((i) => i.level === 'warning') };
}

/** The words of a name as the matcher sees them (case, diacritics, hamza and article spelling folded). */
export function nameKey(name: string): string {
  return tokenize(normalizeText(name).text)
    .tokens.map((t) => t.text)
    .join(' ');
}

interface NameSite {
  readonly place: PlaceConfig;
  readonly where: string;
  readonly text: string;
}

function namesOf(place: PlaceConfig): Array<{ field: string; text: string; list: string | null }> {
  const out: Array<{ field: string; text: string; list: string | null }> = [{ field: 'name', text: place.name, list: null }];
  if (place.name_ar) out.push({ field: 'name_ar', text: place.name_ar, list: null });
  for (const kind of ['aliases', 'demonyms'] as const) {
    for (const [language, list] of Object.entries(place[kind]) as Array<[Language, string[] | undefined]>) {
      (list ?? []).forEach((text, i) => out.push({ field: `${kind}.${language}[${i}]`, text, list: `${kind}.${language}` }));
    }
  }
  return out;
}

function checkPlaceNames(content: ConfigContent): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const common = new Set(content.places.common_words.map(nameKey));
  const sitesByKey = new Map<string, Array<NameSite & { readonly isName: boolean }>>();
  for (const place of content.places.places) {
    // Spelling variants that fold together are harmless (and common); the same text twice is a slip.
    const written = new Map<string, string>();
    for (const { field, text, list } of namesOf(place)) {
      const key = nameKey(text);
      const where = `places.yaml: places[${place.id}].${field}`;
      if (!key) continue;
      sitesByKey.set(key, [...(sitesByKey.get(key) ?? []), { place, where, text, isName: list === null }]);
      if (list === null) continue;
      const exact = `${list}\u0000${text.trim().toLowerCase()}`;
      const first = written.get(exact);
      if (first !== undefined) issues.push({ level: 'warning', code: 'duplicate_alias', where, message: `"${text}" is listed twice (first at ${first})` });
      else written.set(exact, field);
      if (!key.includes(' ') && isCommonWord(key) && !common.has(key)) {
        issues.push({
          level: 'error',
          code: 'common_word_alias',
          where,
          message: `"${text}" is a common word and would match everyday text; remove it, write a longer name, or add it to common_words (then it counts only as "people of ${text}" or #${text})`,
        });
      }
    }
  }
  for (const sites of sitesByKey.values()) {
    const places = [...new Set(sites.map((s) => s.place.id))];
    if (places.length < 2) continue;
    // The place whose own name it is keeps it; every other place that lists it is at fault.
    const owner = sites.find((s) => s.isName) ?? sites[0]!;
    for (const id of places.filter((p) => p !== owner.place.id)) {
      const site = sites.find((s) => s.place.id === id)!;
      issues.push({
        level: 'error',
        code: 'alias_conflict',
        where: site.where,
        message: `"${site.text}" also names place "${owner.place.id}" (${owner.where.replace(`places.yaml: places[${owner.place.id}].`, '')} "${owner.text}"); a post naming it could not be told apart — keep it on one place`,
      });
    }
  }
  return issues;
}

function checkPhrases(content: ConfigContent): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const ids = new Map<string, string>();
  for (const lexicon of content.lexicons) {
    const file = `lexicon/${lexicon.language}.yaml`;
    const patterns = new Map<string, string>();
    lexicon.phrases.forEach((phrase, index) => {
      const label = `phrases[${index}]${phrase.id ? ` (${phrase.id})` : ''}`;
      const where = `${file}: ${label}`;
      if (phrase.id) {
        const first = ids.get(phrase.id);
        if (first) issues.push({ level: 'error', code: 'duplicate_phrase', where, message: `id "${phrase.id}" is already used by ${first}` });
        else ids.set(phrase.id, where);
      }
      const key = phrase.pattern
        .trim()
        .split(/\s+/)
        .map((w) => normalizeText(w).text)
        .join(' ');
      const first = patterns.get(key);
      if (first) issues.push({ level: 'error', code: 'duplicate_phrase', where, message: `"${phrase.pattern}" repeats ${first}` });
      else patterns.set(key, label);
      const vague = vagueAlternative(phrase.pattern);
      if (vague !== null) {
        issues.push({
          level: 'error',
          code: 'broad_phrase',
          where,
          message: `"${vague}" would match almost every post: it has no distinctive word (only wildcards, optional words, @target or common words); add a specific word`,
        });
      }
      if (phrase.weight === 0) issues.push({ level: 'warning', code: 'phrase_weight', where, message: 'weight 0: the phrase can never raise an alert' });
    });
  }
  return issues;
}

/** The first " || " alternative of a pattern with no distinctive required word, or null. */
export function vagueAlternative(pattern: string): string | null {
  for (const alternative of pattern.split(' || ')) {
    const chunks = alternative.trim().split(/\s+/).filter(Boolean);
    let depth = 0;
    let distinctive = false;
    for (const chunk of chunks) {
      const opens = chunk.startsWith('[');
      const closes = chunk.endsWith(']');
      if (opens) depth++;
      const optional = depth > 0;
      if (closes) depth = Math.max(0, depth - 1);
      if (optional || chunk === '*' || chunk === '**') continue;
      const options = chunk
        .split('|')
        .filter(Boolean)
        .map((w) => normalizeText(w.replace(/\+$/, '')).text.trim());
      // A slot is only as specific as its weakest choice: "the|slaughter" matches every "the".
      if (options.every(isDistinctive)) distinctive = true;
    }
    if (!distinctive) return alternative.trim();
  }
  return null;
}

function isDistinctive(word: string): boolean {
  if (word === '' || word.startsWith('@')) return false;
  if (isStopWord(word)) return false;
  // A single letter matches clitics and fragments in every post.
  return [...word].length >= 2;
}
