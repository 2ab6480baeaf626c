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
  { kind: 'bluesky', file: 'bluesky/jetstream.jsonl', posts: 3, skipped: 2 },
  { kind: 'telegram', file: 'telegram/channel-preview.html', posts: 3, skipped: 2 },
  { kind: 'reddit', file: 'reddit/new.json', posts: 3, skipped: 2 },
  { kind: 'x', file: 'x/recent-search.json', posts: 3, skipped: 2 },
  { kind: 'json', file: 'webhook/partner-push.json', posts: 2, skipped: 1 },
  { kind: 'webhook', file: 'webhook/partner-push.json', posts: 2, skipped: 1 },
];

describe('placewatch feed parse --kind K for every kind', () => {
  it.each(CASES)('$kind $file: one JSON line per post and a count of skipped items', async ({ kind, file, posts, skipped }) => {
    const { stdout, stderr, error } = await run('parse', '--kind', kind, fixture(file));
    expect(error).toBeUndefined();
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; published_at: string });
    expect(lines).toHaveLength(posts);
    for (const line of lines) expect(line.published_at).toMatch(/Z$/);
    expect(stderr.trim().split('\n').at(-1)).toBe(`parsed ${posts} posts, skipped ${skipped} items`);
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
