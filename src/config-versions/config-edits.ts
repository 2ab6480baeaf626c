import { z } from 'zod';
import { languageSchema, type ConfigContent } from '../config/index.js';
import { PlacewatchError } from '../errors.js';

const language = languageSchema;
const nameKind = z.enum(['aliases', 'demonyms']);
const text = z.string().trim().min(1).max(120);

/**
 * One change an operator makes in the editors. Edits apply to a copy of a version's content; the
 * result is validated in full (schemas, then the deeper checks) when it is stored as a new draft.
 */
export const configEditSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('place.upsert'), place: z.record(z.string(), z.unknown()) }).strict(),
  z.object({ op: z.literal('place.remove'), id: z.string().min(1).max(120) }).strict(),
  z.object({ op: z.literal('name.add'), place: z.string().min(1).max(120), kind: nameKind.default('aliases'), language, text }).strict(),
  z.object({ op: z.literal('name.remove'), place: z.string().min(1).max(120), kind: nameKind.default('aliases'), language, text }).strict(),
  z.object({ op: z.literal('phrase.upsert'), language, phrase: z.record(z.string(), z.unknown()) }).strict(),
  z.object({ op: z.literal('phrase.remove'), language, id: z.string().max(120).optional(), pattern: z.string().max(1000).optional() }).strict(),
  z.object({ op: z.literal('modifiers.set'), modifiers: z.record(z.string(), z.unknown()) }).strict(),
  z.object({ op: z.literal('thresholds.set'), thresholds: z.record(z.string(), z.unknown()) }).strict(),
  z
    .object({
      op: z.literal('feed.update'),
      name: z.string().min(1).max(120),
      enabled: z.boolean().optional(),
      interval: z.string().max(20).optional(),
      affiliation: z.string().max(120).nullable().optional(),
    })
    .strict(),
  z
    .object({
      op: z.literal('account.upsert'),
      author: z.string().min(1).max(256),
      feed: z.string().max(120).optional(),
      affiliation: z.string().min(1).max(120),
    })
    .strict(),
  z.object({ op: z.literal('account.remove'), author: z.string().min(1).max(256), feed: z.string().max(120).optional() }).strict(),
  z.object({ op: z.literal('retention.set'), retention: z.record(z.string(), z.unknown()) }).strict(),
]);
export type ConfigEdit = z.infer<typeof configEditSchema>;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Applies edits to a copy of `content` and returns the new (not yet validated) content. An edit
 * that names something missing (a place, a feed) is INPUT_INVALID with its position.
 *
 * @example applyEdits(content, [{ op: 'name.add', place: 'taqad', kind: 'aliases', language: 'en', text: 'Tqad' }])
 */
export function applyEdits(content: ConfigContent, edits: readonly ConfigEdit[]): Json {
  const next = structuredClone(content) as Json;
  edits.forEach((edit, index) => applyEdit(next, edit, `edits[${index}]`));
  return next;
}

function applyEdit(content: Json, edit: ConfigEdit, where: string): void {
  const places: Json[] = content.places.places;
  const placeOf = (id: string) => {
    const place = places.find((p) => p.id === id);
    if (!place) throw new PlacewatchError('INPUT_INVALID', `${where}: unknown place "${id}"`);
    return place;
  };
  const lexiconOf = (lang: string) => {
    let lexicon = (content.lexicons as Json[]).find((l) => l.language === lang);
    if (!lexicon) {
      lexicon = { language: lang, phrases: [], fuzzy_exclude: [] };
      content.lexicons.push(lexicon);
    }
    return lexicon;
  };
  switch (edit.op) {
    case 'place.upsert': {
      const index = places.findIndex((p) => p.id === edit.place.id);
      if (index >= 0) places[index] = edit.place;
      else places.push(edit.place);
      return;
    }
    case 'place.remove':
      placeOf(edit.id);
      content.places.places = places.filter((p) => p.id !== edit.id);
      return;
    case 'name.add': {
      const names: Json = (placeOf(edit.place)[edit.kind] ??= {});
      const list: string[] = (names[edit.language] ??= []);
      if (!list.includes(edit.text)) list.push(edit.text);
      return;
    }
    case 'name.remove': {
      const names: Json = placeOf(edit.place)[edit.kind] ?? {};
      const list: string[] = names[edit.language] ?? [];
      if (!list.includes(edit.text))
        throw new PlacewatchError('INPUT_INVALID', `${where}: place "${edit.place}" has no ${edit.kind}.${edit.language} "${edit.text}"`);
      names[edit.language] = list.filter((n) => n !== edit.text);
      return;
    }
    case 'phrase.upsert': {
      const lexicon = lexiconOf(edit.language);
      const phrases: Json[] = lexicon.phrases;
      const index = phrases.findIndex((p) => (edit.phrase.id !== undefined && p.id === edit.phrase.id) || p.pattern === edit.phrase.pattern);
      if (index >= 0) phrases[index] = edit.phrase;
      else phrases.push(edit.phrase);
      return;
    }
    case 'phrase.remove': {
      const lexicon = lexiconOf(edit.language);
      const before = lexicon.phrases.length;
      lexicon.phrases = (lexicon.phrases as Json[]).filter(
        (p) => !((edit.id !== undefined && p.id === edit.id) || (edit.pattern !== undefined && p.pattern === edit.pattern)),
      );
      if (lexicon.phrases.length === before)
        throw new PlacewatchError('INPUT_INVALID', `${where}: no ${edit.language} phrase "${edit.id ?? edit.pattern ?? ''}"`);
      return;
    }
    case 'modifiers.set':
      content.modifiers = edit.modifiers;
      return;
    case 'thresholds.set':
      content.thresholds = edit.thresholds;
      return;
    case 'retention.set':
      content.retention = edit.retention;
      return;
    case 'feed.update': {
      const feed = (content.feeds.feeds as Json[]).find((f) => f.name === edit.name);
      if (!feed) throw new PlacewatchError('INPUT_INVALID', `${where}: unknown feed "${edit.name}"`);
      if (edit.enabled !== undefined) feed.enabled = edit.enabled;
      if (edit.interval !== undefined) feed.interval = edit.interval;
      if (edit.affiliation === null) delete feed.affiliation;
      else if (edit.affiliation !== undefined) feed.affiliation = edit.affiliation;
      return;
    }
    case 'account.upsert':
    case 'account.remove': {
      const accounts: Json[] = (content.feeds.accounts ??= []);
      const same = (a: Json) => a.author === edit.author && a.feed === edit.feed;
      const kept = accounts.filter((a) => !same(a));
      if (edit.op === 'account.upsert') kept.push({ author: edit.author, ...(edit.feed ? { feed: edit.feed } : {}), affiliation: edit.affiliation });
      else if (kept.length === accounts.length) throw new PlacewatchError('INPUT_INVALID', `${where}: no account "${edit.author}"`);
      content.feeds.accounts = kept;
      return;
    }
  }
}
