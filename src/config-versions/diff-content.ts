import { canonicalJson } from '../config/index.js';

/** One difference between two versions, at a path operators recognise (`places[taqad].aliases.en`). */
export interface ConfigChange {
  readonly op: 'added' | 'removed' | 'changed';
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Fields that identify an item of a list, tried in order: places by id, feeds by name, lexicons by language… */
const ITEM_KEYS = ['id', 'name', 'language', 'pattern', 'author'] as const;

/**
 * The differences from `before` to `after`. Lists of named items are matched by their key, so
 * inserting a place shows as one added place, not every later place changed; lists of words (aliases,
 * demonyms) show each word added or removed.
 *
 * @example diffContent(v1, v2) // [{ op: 'added', path: 'places[taqad].aliases.en', after: 'Tqad' }]
 */
export function diffContent(before: unknown, after: unknown, path = ''): ConfigChange[] {
  if (canonicalJson(before) === canonicalJson(after)) return [];
  const at = path.endsWith(':') ? path.slice(0, -1) : path;
  if (before === undefined) return [{ op: 'added', path: at, after }];
  if (after === undefined) return [{ op: 'removed', path: at, before }];
  if (Array.isArray(before) && Array.isArray(after)) return diffArrays(before, after, path);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffContent(before[key], after[key], joinPath(path, key)));
  }
  return [{ op: 'changed', path: at, before, after }];
}

function diffArrays(before: unknown[], after: unknown[], path: string): ConfigChange[] {
  if ([...before, ...after].every((v) => !isObject(v) && !Array.isArray(v))) {
    const had = new Set(before.map((v) => canonicalJson(v)));
    const has = new Set(after.map((v) => canonicalJson(v)));
    return [
      ...before.filter((v) => !has.has(canonicalJson(v))).map((v): ConfigChange => ({ op: 'removed', path, before: v })),
      ...after.filter((v) => !had.has(canonicalJson(v))).map((v): ConfigChange => ({ op: 'added', path, after: v })),
    ];
  }
  const key = ITEM_KEYS.find((k) => [...before, ...after].every((v) => isObject(v) && typeof v[k] === 'string'));
  if (!key) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => diffContent(before[i], after[i], `${path}[${i}]`)).flat();
  }
  const byKey = (list: unknown[]) => new Map(list.map((v) => [String((v as Record<string, unknown>)[key]), v]));
  const a = byKey(before);
  const b = byKey(after);
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  return keys.flatMap((k) => diffContent(a.get(k), b.get(k), `${path}[${k}]`));
}

function joinPath(path: string, key: string): string {
  if (!path) return key;
  return path.endsWith(':') ? `${path} ${key}` : `${path}.${key}`;
}

/**
 * The differences between two versions' contents, each path starting with the file it lives in:
 * `places.yaml: places[taqad].aliases.en`, `lexicon/ar.yaml: phrases[ar-kill].weight`.
 */
export function diffVersions(before: unknown, after: unknown): ConfigChange[] {
  const a = isObject(before) ? before : {};
  const b = isObject(after) ? after : {};
  const sections = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return sections.flatMap((section) => {
    if (section !== 'lexicons') return diffContent(a[section], b[section], `${section}.yaml:`);
    const byLanguage = (list: unknown) =>
      new Map((Array.isArray(list) ? list : []).map((l, i) => [String((l as { language?: string }).language ?? i), l] as const));
    const la = byLanguage(a.lexicons);
    const lb = byLanguage(b.lexicons);
    return [...new Set([...la.keys(), ...lb.keys()])].flatMap((lang) => diffContent(la.get(lang), lb.get(lang), `lexicon/${lang}.yaml:`));
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One line per change: `+ places[taqad].aliases.en: "Tqad"`, `~ thresholds.severity.low: 0.4 → 0.45`. */
export function formatChanges(changes: readonly ConfigChange[]): string[] {
  const show = (v: unknown) => {
    const text = JSON.stringify(v);
    return text.length > 300 ? `${text.slice(0, 297)}…` : text;
  };
  return changes.map((c) =>
    c.op === 'added'
      ? `+ ${c.path}: ${show(c.after)}`
      : c.op === 'removed'
        ? `- ${c.path}: ${show(c.before)}`
        : `~ ${c.path}: ${show(c.before)} → ${show(c.after)}`,
  );
}
