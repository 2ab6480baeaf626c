import { describe, expect, it } from 'vitest';
import { judgeFeedHealth, medianGapMs, silenceThresholdMs } from '../../../src/polling/feed-health-rules.js';

const at = (minutes: number) => new Date(Date.UTC(2026, 2, 14, 0, minutes));

describe('feed rhythm and silence', () => {
  it('takes the median gap once five posts are known', () => {
    expect(medianGapMs([at(0), at(10), at(20)])).toBeNull();
    expect(medianGapMs([at(0), at(10), at(20), at(30), at(400)])).toBe(600_000);
  });

  it('allows 3× the median gap, never under the floor; a configured silent_after wins', () => {
    expect(silenceThresholdMs({ floorMs: 3_600_000, medianGapMs: 600_000 })).toBe(3_600_000);
    expect(silenceThresholdMs({ floorMs: 3_600_000, medianGapMs: 7_200_000 })).toBe(21_600_000);
    expect(silenceThresholdMs({ floorMs: 3_600_000, medianGapMs: null })).toBeNull();
    expect(silenceThresholdMs({ silentAfterMs: 60_000, floorMs: 3_600_000, medianGapMs: null })).toBe(60_000);
  });

  it('calls a feed silent past its threshold and failing after three failures in a row', () => {
    const base = { enabled: true, consecutiveFailures: 0, lastError: null, lastPostAt: at(0), silenceThresholdMs: 3_600_000 };
    expect(judgeFeedHealth(base, at(59))).toEqual({ failing: null, silent: null });
    expect(judgeFeedHealth(base, at(61)).silent).toMatch(/no new post for 1.0 h \(usual rhythm allows 1.0 h\)/);
    expect(judgeFeedHealth({ ...base, consecutiveFailures: 3, lastError: 'HTTP 503' }, at(1)).failing).toMatch(/3 polls failed.*HTTP 503/);
    expect(judgeFeedHealth({ ...base, enabled: false, consecutiveFailures: 9 }, at(500))).toEqual({ failing: null, silent: null });
  });
});
