import { once } from 'node:events';
import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig, resolveConfigDir, type FeedConfig } from '../../config/index.js';
import { PlacewatchError } from '../../errors.js';
import { feedFromUrl } from '../../feeds/index.js';
import { FEED_KINDS, getAdapter, parsePayload, readPostsFromFile, type CanonicalPost, type FeedCursorState, type SkippedItem } from '../../feeds/index.js';

/** Largest saved payload `feed parse` reads into memory (files of any size stream with --kind file). */
const MAX_PAYLOAD_BYTES = 20 * 1024 * 1024;

/** The stable JSON line for a post: the row-format names first, then the rest of the post. */
function postLine(post: CanonicalPost): Record<string, unknown> {
  return {
    id: post.externalId,
    text: post.text,
    author: post.author.handle ?? post.author.displayName ?? post.author.id,
    published_at: post.publishedAt,
    url: post.url,
    feed: post.feed,
    lang: post.lang,
    author_id: post.author.id,
    author_handle: post.author.handle,
    author_name: post.author.displayName,
    links: post.links,
    media: post.media,
    edited: post.edited,
    deleted: post.deleted,
    truncated: post.truncated,
    published_at_source: post.publishedAtSource ?? 'source',
  };
}

/** Prints posts as JSON lines and skipped items on stderr, keeping count for the summary. */
class Printer {
  posts = 0;
  skipped = 0;

  async post(post: CanonicalPost): Promise<void> {
    this.posts += 1;
    // Respect backpressure: a streamed import can be far larger than memory.
    if (!process.stdout.write(`${JSON.stringify(postLine(post))}\n`)) await once(process.stdout, 'drain');
  }

  skip(item: SkippedItem): void {
    this.skipped += 1;
    process.stderr.write(`skipped item at position ${item.position}: ${item.reason}\n`);
  }

  summary(): void {
    process.stderr.write(`parsed ${this.posts} posts, skipped ${this.skipped} items\n`);
  }
}

function checkKind(kind: string): void {
  if (!(FEED_KINDS as string[]).includes(kind)) {
    throw new PlacewatchError('INPUT_INVALID', `unknown feed kind "${kind}" (known: ${FEED_KINDS.join(', ')})`, { kind });
  }
}

async function readPayload(file: string): Promise<Buffer> {
  try {
    const info = await stat(file);
    if (info.size > MAX_PAYLOAD_BYTES) throw new Error(`larger than ${MAX_PAYLOAD_BYTES} bytes`);
    return await readFile(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new PlacewatchError('INPUT_INVALID', `${file}: ${reason}`, { file });
  }
}

interface ParseFlags {
  readonly kind: string;
  readonly feed: string;
  readonly lang?: string;
  readonly format?: 'jsonl' | 'csv';
}

/** The configured feed named --feed, when it is of the kind being parsed (json/webhook mappings). */
function configuredFeed(program: Command, name: string, kind: string): FeedConfig | undefined {
  try {
    const config = loadConfig(resolveConfigDir(program.opts<{ config?: string }>().config));
    return config.feeds.feeds.find((f) => f.name === name && f.kind === kind);
  } catch {
    return undefined; // parsing a saved payload needs no config; the default mapping applies
  }
}

/** A payload that cannot be parsed at all is reported with the file it came from. */
function withFileName<T>(file: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof PlacewatchError) {
      throw new PlacewatchError(error.code, `${file}: ${error.message.replace(/^[^:]*: /, '')}`, { ...error.context, file });
    }
    throw error;
  }
}

async function runParse(program: Command, file: string, flags: ParseFlags): Promise<void> {
  checkKind(flags.kind);
  if (flags.format !== undefined && flags.format !== 'jsonl' && flags.format !== 'csv') {
    throw new PlacewatchError('INPUT_INVALID', `--format must be jsonl or csv, not ${String(flags.format)}`);
  }
  const out = new Printer();
  if (flags.kind === 'file') {
    for await (const record of readPostsFromFile(file, { feed: flags.feed, format: flags.format, langHint: flags.lang ?? null })) {
      if (record.post) await out.post(record.post);
      else out.skip(record.skipped);
    }
  } else {
    const configured = flags.kind === 'json' || flags.kind === 'webhook' ? configuredFeed(program, flags.feed, flags.kind) : undefined;
    const mapping = configured && 'mapping' in configured ? configured.mapping : undefined;
    const payload = await readPayload(file);
    const result = withFileName(file, () => parsePayload(flags.kind, payload, flags.feed, { langHint: flags.lang ?? configured?.lang ?? null, mapping }));
    for (const post of result.posts) await out.post(post);
    result.skipped.forEach((item) => out.skip(item));
  }
  out.summary();
}

interface TestFlags {
  readonly kind?: string;
  readonly url?: string;
  readonly allowPrivate?: boolean;
  readonly tokenEnv?: string;
}

function envAllowList(): string[] {
  return (process.env.PLACEWATCH_ALLOW_PRIVATE ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function feedFromFlags(flags: TestFlags): FeedConfig {
  if (!flags.kind || !flags.url) {
    throw new PlacewatchError('INPUT_INVALID', 'feed test needs a feed NAME from feeds.yaml, or --kind and --url');
  }
  checkKind(flags.kind);
  return feedFromUrl(flags.kind, flags.url, { tokenEnv: flags.tokenEnv });
}

/** The host a feed is fetched from, for --allow-private. */
function feedHost(feed: FeedConfig): string | null {
  const url = 'url' in feed ? feed.url : 'instance' in feed ? feed.instance : 'base_url' in feed ? feed.base_url : 'service' in feed ? feed.service : null;
  return url ? new URL(url).hostname : null;
}

function feedFromConfig(program: Command, name: string): FeedConfig {
  const config = loadConfig(resolveConfigDir(program.opts<{ config?: string }>().config));
  const feed = config.feeds.feeds.find((f) => f.name === name);
  if (!feed) throw new PlacewatchError('NOT_FOUND', `no feed named "${name}" in feeds.yaml`, { feed: name });
  return feed;
}

async function runTest(program: Command, name: string | undefined, flags: TestFlags): Promise<void> {
  const feed = name ? feedFromConfig(program, name) : feedFromFlags(flags);
  const allowPrivate = envAllowList();
  // --allow-private lifts the block for this feed's own host only, not for wherever it redirects.
  const host = feedHost(feed);
  if (flags.allowPrivate && host) allowPrivate.push(host);
  const state: FeedCursorState = {};
  const page = await getAdapter(feed.kind).fetchPage(feed, state, { http: { allowPrivate } });
  const out = new Printer();
  if (page.retryAfterMs !== undefined) {
    process.stderr.write(`source asked to retry after ${Math.ceil(page.retryAfterMs / 1000)} s\n`);
  }
  for (const post of page.posts) await out.post(post);
  page.skipped.forEach((item) => out.skip(item));
  out.summary();
}

/** Registers `feed parse` and `feed test`, the operator's tools for checking a source before adding it. */
export function registerFeedCommand(program: Command): void {
  const feed = program.command('feed').description('Check feed sources and saved payloads');
  feed
    .command('parse')
    .description(
      'Parse a saved payload of any kind (file: JSONL/CSV import) and print one JSON line per post; json/webhook use the mapping of the feed named by --feed',
    )
    .requiredOption('--kind <kind>', `feed kind (${FEED_KINDS.join(', ')})`)
    .option('--feed <name>', 'feed name recorded on each post', 'cli')
    .option('--lang <lang>', 'language when the payload does not say')
    .option('--format <format>', 'jsonl or csv for --kind file (default: from the extension)')
    .argument('<file>', 'payload or import file')
    .action(async (file: string, flags: ParseFlags) => runParse(program, file, flags));
  feed
    .command('test')
    .description('Fetch a feed once (safely) and print its posts as JSON lines')
    .argument('[name]', 'feed name in feeds.yaml')
    .option('--kind <kind>', `with --url: ${FEED_KINDS.filter((k) => k !== 'file' && k !== 'webhook').join(', ')}`)
    .option('--url <url>', 'feed URL (t.me/s/NAME, reddit.com/r/NAME, INSTANCE/tags/NAME, bsky.app/profile/HANDLE, ...)')
    .option('--token-env <VAR>', 'environment variable holding the API token (x, mastodon lists)')
    .option('--allow-private', "allow the URL's host although it is a private address")
    .action(async (name: string | undefined, flags: TestFlags) => runTest(program, name, flags));
}
