import type { DigestConfig } from '../config/index.js';

/** The UTC hour or day a held notification belongs to; the digest goes out when it ends. */
export interface DigestPeriod {
  readonly start: Date;
  readonly end: Date;
}

/** The digest period containing `at` (pure). */
export function digestPeriod(every: DigestConfig['every'], at: Date): DigestPeriod {
  const start = new Date(at);
  if (every === 'hourly') start.setUTCMinutes(0, 0, 0);
  else start.setUTCHours(0, 0, 0, 0);
  const end = new Date(start.getTime() + (every === 'hourly' ? 3_600_000 : 86_400_000));
  return { start, end };
}

/** Groups held rows: one digest per subscription and period, whatever the number of notifiers. */
export function digestKeyOf(subscriptionKey: string, every: DigestConfig['every'], period: DigestPeriod): string {
  return `${subscriptionKey}|${every}|${period.start.toISOString()}`;
}
