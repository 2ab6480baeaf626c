import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, contentOf, type ConfigContent } from '../../../src/config/index.js';
import type { CanonicalPost } from '../../../src/feeds/canonical-post.js';

/** The config tests' own small config (rules only, no model file), so they do not follow the shipped one. */
export const CONFIG_TEST_DIR = fileURLToPath(new URL('./fixtures/config', import.meta.url));

/** The alias the tests add: before it, "Dar Azzeh" names nothing; after it, Darat Izza. */
export const NEW_ALIAS = 'Dar Azzeh';

/** The fixture's content with `alias` added to Darat Izza's English aliases. */
export function contentWithAlias(alias = NEW_ALIAS, place = 'darat-izza'): ConfigContent {
  const content = structuredClone(contentOf(loadConfig(CONFIG_TEST_DIR))) as ConfigContent;
  const target = content.places.places.find((p) => p.id === place)!;
  (target.aliases as { en?: string[] }).en = [...(target.aliases.en ?? []), alias];
  return content;
}

/** A copy of the fixture directory with the alias added in places.yaml (a draft as an operator writes it). */
export function draftDirWithAlias(alias = NEW_ALIAS): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pw-draft-'));
  cpSync(CONFIG_TEST_DIR, dir, { recursive: true });
  const file = path.join(dir, 'places.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('en: [Darat Izza, Darat Azza]', `en: [Darat Izza, Darat Azza, ${alias}]`));
  return dir;
}

/** One canonical post. */
export function post(feed: string, externalId: string, text: string, publishedAt = new Date(), author = 'someone'): CanonicalPost {
  return {
    feed,
    externalId,
    text,
    lang: 'en',
    publishedAt: publishedAt.toISOString(),
    url: null,
    links: [],
    media: [],
    author: { id: null, handle: author, displayName: null },
    edited: false,
    deleted: false,
    truncated: false,
  };
}
