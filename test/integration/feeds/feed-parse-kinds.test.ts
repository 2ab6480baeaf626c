import { writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedFixture, runFeedCommand } from '../../helpers/run-feed-command.js';
import { runCli } from '../../helpers/run-cli.js';

const fixture = feedFixture;
const run = runFeedCommand;

const CASES = [
  { kind: 'mastodon', file: 'mastodon/hashtag-timeline.json', posts: 3, skipped: 2 },
  { kind: 'bluesky', file: 'bluesky/search-posts.json', posts: 2, skipped: 1 },
  { kind: 'bluesky', file: 'bluesky/author-feed.json', posts: 2, skipped: 0 },
  { kind: 'bluesky', file: 'bluesky/jetstream.jsonl', posts: 4, skipped: 1 },
  { kind: 'telegram', file: 'telegram/channel-preview.html', posts: 4, skipped: 1 },
  { kind: 'reddit', file: 'reddit/new.json', posts: 3, skipped: 2 },
  { kind: 'x', file: 'x/recent-search.json', posts: 3, skipped: 2 },
  { kind: 'json', file: 'webhook/partner-push.json', posts: 3, skipped: 0 },
  { kind: 'webhook', file: 'webhook/partner-push.json', posts: 3, skipped: 0 },
];

describe('placewatch feed parse --kind K for every kind', () => {
  it.each(CASES)('$kind $file: one JSON line per post and a count of skipped items', async ({ kind, file, posts, skipped }) => {
    const { stdout, stderr, error } = await run('parse', '--kind', kind, fixture(file));
    expect(error).toBeUndefined();
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; published_at: string });
    expect(lines).toHaveLength(posts);
    for (const line of lines) expect(line.published_at).toMatch(/Z$/);
    expect(stderr.trim().split('\n').at(-1)).toBe(`parsed ${posts} posts, skipped ${skipped} items`);
  });

  it('keeps every tweet of an X v2 response without created_at or includes.users, each timed by its Snowflake id', async () => {
    const { stdout, stderr, error } = await run('parse', '--kind', 'x', fixture('x/search-default-fields.json'));
    expect(error).toBeUndefined();
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; published_at: string; published_at_source: string });
    expect(lines.map((l) => l.id)).toEqual(['1900601234567890123', '1900600000000000001', '1900599999999999999', '1900598765432109876']);
    expect(lines.map((l) => l.published_at_source)).toEqual(['snowflake', 'snowflake', 'snowflake', 'snowflake']);
    expect(lines[0]!.published_at).toBe('2025-03-14T17:33:40.441Z');
    expect(stderr.trim()).toBe('parsed 4 posts, skipped 0 items');
  });

  it('keeps every status of a Mastodon v2 search response, one without created_at at its fetch time', async () => {
    const before = Date.now();
    const { stdout, stderr, error } = await run('parse', '--kind', 'mastodon', fixture('mastodon/search-v2.json'));
    expect(error).toBeUndefined();
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; published_at: string; published_at_source: string });
    expect(lines.map((l) => [l.id, l.published_at_source])).toEqual([
      ['113500000000000003', 'source'],
      ['113500000000000002', 'source'],
      ['113500000000000001', 'fetched'],
    ]);
    expect(Date.parse(lines[2]!.published_at)).toBeGreaterThanOrEqual(before - 1000);
    expect(stderr.trim()).toBe('parsed 3 posts, skipped 0 items');
  });

  it.each(['mastodon', 'bluesky', 'telegram', 'reddit', 'x', 'json', 'webhook'])('%s: a malformed payload is one clear error', async (kind) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pw-bad-'));
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, kind === 'telegram' ? '<html>login required</html>' : '{"unexpected": tru');
    const { stdout, error } = await run('parse', '--kind', kind, file);
    expect(stdout).toBe('');
    expect(error).toMatchObject({ code: 'FEED_PARSE_FAILED' });
    expect((error as Error).message).not.toContain('\n');
  });

  it('exits non-zero from the real CLI on a malformed payload, zero on a good one', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pw-bad-'));
    writeFileSync(path.join(dir, 'bad.json'), '[[[');
    const bad = await runCli(['feed', 'parse', '--kind', 'reddit', path.join(dir, 'bad.json')], process.env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/^placewatch: FEED_PARSE_FAILED: \S*bad\.json: not valid JSON/);
    const good = await runCli(['feed', 'parse', '--kind', 'x', fixture('x/recent-search.json')], process.env);
    expect(good.code).toBe(0);
    expect(good.stdout.trim().split('\n')).toHaveLength(3);
  });
});
