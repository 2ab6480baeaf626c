import type { RedisClient } from '../queue/index.js';

/** The pub/sub channel on which alert ids are announced after their transaction commits. */
export function alertChangesChannel(keyPrefix: string): string {
  return `${keyPrefix}:alert-changes`;
}

/**
 * Announces changed alerts to every API process so live views update at once. Call it after the
 * transaction commits (the analyzer with `alertsTouched`, triage after each action). Delivery is
 * best effort: API processes also poll `alerts.updated_at`, so a lost message only costs latency.
 */
export async function publishAlertChanges(redis: RedisClient, keyPrefix: string, alertIds: readonly string[]): Promise<void> {
  if (alertIds.length === 0) return;
  await redis.publish(alertChangesChannel(keyPrefix), JSON.stringify({ ids: alertIds.slice(0, 1000) })).catch(() => undefined);
}
