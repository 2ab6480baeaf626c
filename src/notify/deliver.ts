import type { Kysely } from 'kysely';
import { request } from 'undici';
import type { Database } from '../db/schema.js';
import { errorMessage } from '../errors.js';
import { parseAllowList } from '../feeds/http/address-policy.js';
import { createSafeAgent } from '../feeds/http/safe-agent.js';
import type { Logger } from '../runtime/logger.js';

export interface DeliverDeps {
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  readonly allowPrivate: readonly string[];
}

/** Attempts before a notification becomes a dead letter that an operator must retry. */
export const MAX_DELIVERY_ATTEMPTS = 8;

/**
 * Delivers one outbox notification. Already delivered (a repeated job) is a no-op. A failure is
 * recorded with the next attempt time (exponential backoff with jitter); the outbox relay
 * re-queues it then, and after MAX_DELIVERY_ATTEMPTS it is dead-lettered.
 */
export async function deliverNotification(deps: DeliverDeps, notificationId: string): Promise<{ status: string }> {
  const row = await deps.db.selectFrom('notifications').selectAll().where('id', '=', notificationId).executeTakeFirst();
  if (!row || row.status !== 'pending') return { status: row?.status ?? 'missing' };
  try {
    await send(deps, row.channel, row.target, row.idempotency_key, row.payload);
    await deps.db
      .updateTable('notifications')
      .set((eb) => ({ status: 'delivered', delivered_at: new Date(), attempts: eb('attempts', '+', 1), last_error: null }))
      .where('id', '=', notificationId)
      .execute();
    return { status: 'delivered' };
  } catch (error) {
    const attempts = row.attempts + 1;
    const dead = attempts >= MAX_DELIVERY_ATTEMPTS;
    const delay = Math.min(3_600_000, 1_000 * 2 ** attempts) * (0.5 + Math.random() / 2);
    await deps.db
      .updateTable('notifications')
      .set({
        attempts,
        status: dead ? 'dead' : 'pending',
        last_error: errorMessage(error).slice(0, 1000),
        next_attempt_at: new Date(Date.now() + delay),
      })
      .where('id', '=', notificationId)
      .execute();
    deps.logger.warn({ err: errorMessage(error), attempts, dead }, 'notification delivery failed');
    return { status: dead ? 'dead' : 'retrying' };
  }
}

async function send(deps: DeliverDeps, channel: string, target: string | null, key: string, payload: Record<string, unknown>): Promise<void> {
  if (channel === 'log') {
    deps.logger.info({ notification: key, payload }, 'alert notification');
    return;
  }
  if (channel === 'webhook') {
    if (!target) throw new Error('webhook route has no target URL');
    const dispatcher = createSafeAgent({
      allow: parseAllowList(deps.allowPrivate),
      connectTimeoutMs: 5_000,
      headersTimeoutMs: 10_000,
      bodyTimeoutMs: 10_000,
    });
    try {
      // Redirects are not followed: a receiver that moves must be reconfigured, not chased.
      const response = await request(target, {
        method: 'POST',
        dispatcher,
        headers: { 'content-type': 'application/json', 'webhook-id': key, 'user-agent': 'placewatch-notifier' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(15_000),
      });
      await response.body.dump();
      if (response.statusCode < 200 || response.statusCode >= 300) throw new Error(`receiver answered HTTP ${response.statusCode}`);
    } finally {
      await dispatcher.close();
    }
    return;
  }
  throw new Error(`unknown channel "${channel}"`);
}
