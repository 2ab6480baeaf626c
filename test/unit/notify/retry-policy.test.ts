import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../../src/notify/retry-policy.js';

const timing = { maxAttempts: 8, baseMs: 1_000, maxMs: 60_000 };

describe('retry timing', () => {
  it('doubles per failure, with jitter between half and the whole step', () => {
    expect(retryDelayMs(1, timing, null, () => 0)).toBe(500);
    expect(retryDelayMs(1, timing, null, () => 1)).toBe(1_000);
    expect(retryDelayMs(3, timing, null, () => 0)).toBe(2_000);
    expect(retryDelayMs(3, timing, null, () => 1)).toBe(4_000);
  });

  it('never exceeds backoff_max', () => {
    expect(retryDelayMs(30, timing, null, () => 1)).toBe(60_000);
  });

  it("lets the receiver's Retry-After decide the wait", () => {
    expect(retryDelayMs(1, timing, 120_000, () => 0)).toBe(120_000);
    expect(retryDelayMs(5, timing, 0, () => 1)).toBe(0);
  });
});
