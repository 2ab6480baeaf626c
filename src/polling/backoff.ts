const BASE_MS = 30_000;
const MAX_MS = 6 * 3600_000;

/**
 * Delay before the next try after `failures` consecutive failures: exponential from 30 s, capped at
 * 6 h, with "full jitter" so many failing feeds do not retry in step.
 */
export function nextBackoffMs(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
