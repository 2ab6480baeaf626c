import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { insertAlert } from '../alerts/index.js';
import { routesFileSchema } from '../config/index.js';
import { connectDatabase, createScratchDatabase, migrateToLatest } from '../db/index.js';
import { generateWebhookSecret, notifyAlertChange, relayDueNotifications, startNotifier, startNotifyScheduler } from '../notify/index.js';
import { connectRedis, deleteKeysWithPrefix, openQueues, startEmbeddedRedis } from '../queue/index.js';
import { createLogger } from '../runtime/index.js';

export interface NotifyBenchOptions {
  /**
   * A Postgres server the bench may create (and drop) a scratch database on; default DATABASE_URL,
   * else embedded PGlite in a temp dir (figures then are not production-like).
   */
  readonly databaseUrl?: string;
  /** Default REDIS_URL, else a private redis-server. */
  readonly redisUrl?: string;
  /** Fewer alerts, for a smoke test. */
  readonly quick?: boolean;
  /** Alerts committed per second, evenly spaced. */
  readonly ratePerSecond?: number;
  readonly count?: number;
  /** Outbox relay interval; the shipped default is 500 ms. */
  readonly relayInterval?: string;
  readonly concurrency?: number;
}

export interface NotifyBenchResult {
  readonly latency_p50_ms: number;
  readonly latency_p99_ms: number;
  readonly latency_max_ms: number;
  /** Deliveries per second actually received. */
  readonly rate_per_s: number;
  readonly offered_rate_per_s: number;
  readonly delivered: number;
  readonly count: number;
  readonly relay_interval: string;
  readonly database: 'postgres' | 'pglite';
}

/**
 * Alert committed → signed webhook received, at a steady rate, through the real path: outbox rows
 * written in the alert's transaction, the scheduler's relay, the notify queue, the notifier, a
 * local receiver. Runs in a scratch database and a queue prefix of its own, both removed after.
 *
 * @example const { latency_p50_ms } = await benchNotify({ databaseUrl, redisUrl, ratePerSecond: 50 });
 */
export async function benchNotify(opts: NotifyBenchOptions = {}): Promise<NotifyBenchResult> {
  const rate = opts.ratePerSecond ?? (opts.quick ? 30 : 50);
  const count = opts.count ?? (opts.quick ? 60 : 300);
  const relayInterval = opts.relayInterval ?? '500ms';
  const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL;
  const tempDir = mkdtempSync(path.join(os.tmpdir(), 'pw-notify-bench-'));
  const scratch = databaseUrl ? await createScratchDatabase(databaseUrl, `pw_notify_bench_${randomBytes(4).toString('hex')}`) : null;
  const embedded = (opts.redisUrl ?? process.env.REDIS_URL) ? null : await startEmbeddedRedis(tempDir, { persistent: false });
  const redisUrl = opts.redisUrl ?? process.env.REDIS_URL ?? embedded!.url;
  const prefix = `{pw-bench-${randomBytes(4).toString('hex')}}`;
  const received = new Map<string, number>();
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['webhook-id'] ?? '');
      if (!received.has(id)) received.set(id, performance.now());
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  const database = await connectDatabase({ databaseUrl: scratch?.url, dataDir: tempDir, poolSize: 20 });
  const redis = await connectRedis(redisUrl);
  const queues = openQueues(redis, prefix);
  const logger = createLogger(process.env.PW_BENCH_LOG ?? 'silent');
  const routesFile = routesFileSchema.parse({
    routes: [{ name: 'bench', channel: 'webhook', target: `http://127.0.0.1:${port}/hook`, secret_env: 'PLACEWATCH_SECRET_BENCH_HOOK', min_severity: 'low' }],
    delivery: { relay_interval: relayInterval, timeout: '5s' },
  });
  const routes = () => routesFile;
  try {
    await migrateToLatest(database.db);
    const notifier = startNotifier({
      db: database.db,
      redis,
      queuePrefix: prefix,
      logger,
      routes,
      places: () => [],
      allowPrivate: ['127.0.0.1'],
      env: { PLACEWATCH_SECRET_BENCH_HOOK: generateWebhookSecret() },
      concurrency: opts.concurrency ?? 16,
    });
    const scheduler = startNotifyScheduler({ db: database.db, queues, logger, routes, publicUrl: 'http://bench.invalid' });
    const committed = new Map<string, number>();
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const alertId = await database.db.transaction().execute(async (tx) => {
        const alert = await insertAlert(tx, {
          placeId: 'bench-town',
          placeName: 'Bench Town',
          category: 'death_threat',
          severity: 'high',
          score: 0.9,
          seenAt: new Date(),
        });
        await notifyAlertChange(tx, routesFile.routes, { placeId: 'bench-town', severity: 'high', category: 'death_threat', campaign: false }, 'opened', {
          alertId: alert.id,
          sequence: '0',
          payload: {
            alertId: alert.id,
            event: 'opened',
            place: 'bench-town',
            placeName: 'Bench Town',
            severity: 'high',
            category: 'death_threat',
            postCount: 1,
            distinctAuthors: 1,
            campaign: false,
            link: `http://bench.invalid/alerts/${alert.id}`,
          },
        });
        return alert.id;
      });
      committed.set(`alert-${alertId}-opened-0-bench`, performance.now());
      // As the analyzer does after each batch: relay at once; the scheduler's poll is the fallback.
      await relayDueNotifications(database.db, queues);
    }
    const deadline = performance.now() + 60_000;
    while (received.size < count && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const finished = Math.max(...received.values());
    await scheduler.close();
    await notifier.close();
    const latencies = [...committed].flatMap(([id, at]) => (received.has(id) ? [received.get(id)! - at] : [])).sort((a, b) => a - b);
    const pct = (p: number) => round(latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN);
    return {
      latency_p50_ms: pct(50),
      latency_p99_ms: pct(99),
      latency_max_ms: round(latencies.at(-1) ?? NaN),
      rate_per_s: round((received.size * 1000) / (finished - started)),
      offered_rate_per_s: rate,
      delivered: received.size,
      count,
      relay_interval: relayInterval,
      database: database.kind,
    };
  } finally {
    await queues.close();
    redis.disconnect();
    await database.close();
    if (embedded) await embedded.stop();
    else await cleanupPrefix(redisUrl, prefix);
    await scratch?.drop();
    rmSync(tempDir, { recursive: true, force: true });
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

async function cleanupPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = await connectRedis(redisUrl);
  try {
    await deleteKeysWithPrefix(redis, prefix);
  } finally {
    redis.disconnect();
  }
}
