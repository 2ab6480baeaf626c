import { describe, expect, it } from 'vitest';
import type { SourceHealth } from '../../../src/polling/index.js';
import { sourcesLine } from '../../../src/api/ui/pages/sources-line.js';

const source = (name: string, status: SourceHealth['status'], minutesAgo: number | null, kind = 'rss'): SourceHealth => ({
  name,
  kind,
  origin: kind === 'demo' ? 'demo' : 'feed',
  status,
  lastPostAt: minutesAgo === null ? null : new Date(Date.now() - minutesAgo * 60_000),
  lastSuccessAt: null,
  lastError: null,
  lastErrorAt: null,
  postsLastHour: 0,
  postsPerHour24h: 0,
  openAlerts: [],
});

describe("the empty queue's sources line", () => {
  it('says nothing is being watched when no feed is configured and no post ever arrived', () => {
    expect(sourcesLine([], 0).value).toContain('nothing is being watched');
  });

  it('counts the sources receiving posts and names the newest post', () => {
    const line = sourcesLine([source('demo-replay', 'receiving', 2, 'demo')], 0).value;
    expect(line).toContain('No feeds are configured; 1 of 1 source receiving posts (last post <time');
    expect(line).toContain('>2 min ago</time>');
    expect(line).not.toContain('dead');
  });

  it('names the feeds that are silent or failing, and marks the line when none is alive', () => {
    const line = sourcesLine([source('tg-x', 'silent', 600), source('news', 'failing', null), source('old', 'disabled', null)], 3).value;
    expect(line).toContain('3 feeds configured; 0 of 3 sources receiving posts');
    expect(line).toContain('Not receiving: <bdi>tg-x</bdi> (silent), <bdi>news</bdi> (failing).');
    expect(line).toContain('sources-line dead');
  });

  it('says a webhook feed nobody has pushed to yet is waiting for its first push', () => {
    const line = sourcesLine([source('partner', 'never_polled', null, 'webhook'), source('demo-replay', 'receiving', 1, 'demo')], 1).value;
    expect(line).toContain('1 feed configured; 1 of 2 sources receiving posts');
    expect(line).toContain('Not receiving: <bdi>partner</bdi> (no pushes yet).');
  });
});
