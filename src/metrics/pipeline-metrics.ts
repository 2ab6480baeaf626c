import type { Queue } from 'bullmq';
import { sql, type Kysely } from 'kysely';
import { Gauge, Registry } from 'prom-client';
import type { Database } from '../db/index.js';
import { countFailedPosts } from '../posts/index.js';
import type { Queues } from '../queue/index.js';

/** Job states reported per queue: what is waiting, running, scheduled for later and given up on. */
const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;

/** A source slower than this counts as unreadable in this scrape: Prometheus must get an answer. */
const READ_TIMEOUT_MS = 3_000;

/** What the scrape reads: the queues in Redis and the database. */
export interface MetricsSources {
  readonly queues: Queues;
  readonly db: Kysely<Database>;
}

/** Everything one scrape read; a source that could not be read is listed in `errors` and left out. */
interface Snapshot {
  readonly jobs: Array<{ queue: string; state: string; n: number }>;
  readonly lag: Array<{ queue: string; seconds: number }>;
  failedPosts: number | null;
  readonly alerts: Array<{ status: string; severity: string; n: number }>;
  readonly notifications: Array<{ status: string; n: number }>;
  lockWaits: number | null;
  readonly errors: Map<string, 0 | 1>;
}

/**
 * A Prometheus registry of the pipeline's state, read afresh at every scrape from Redis and
 * Postgres, so that any process reports the same figures for the whole deployment: queue depth and
 * lag per queue, failed posts, alerts by status and severity, notifications by state, and Postgres
 * lock waits (what the README's "Scaling out" says to watch). A source that cannot be read sets
 * `placewatch_scrape_errors{source}` to 1 instead of failing the scrape.
 */
export function pipelineMetrics(sources: MetricsSources): Registry {
  const registry = new Registry();
  // One read of every source per scrape, shared by the gauges (the registry collects them together).
  let current: Promise<Snapshot> | null = null;
  const snapshot = (): Promise<Snapshot> => {
    current ??= readSnapshot(sources).finally(() => {
      current = null;
    });
    return current;
  };
  const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge, s: Snapshot) => void): void => {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const s = await snapshot();
        this.reset();
        fill(this, s);
      },
    });
  };
  gauge('placewatch_queue_jobs', 'Jobs in each queue by state', ['queue', 'state'], (g, s) => {
    for (const { queue, state, n } of s.jobs) g.set({ queue, state }, n);
  });
  gauge('placewatch_queue_oldest_waiting_seconds', 'Age of the oldest job waiting in each queue (0 when none waits): the pipeline lag', ['queue'], (g, s) => {
    for (const { queue, seconds } of s.lag) g.set({ queue }, seconds);
  });
  gauge('placewatch_failed_posts', 'Posts in the failed set, waiting for `placewatch failed retry`', [], (g, s) => {
    if (s.failedPosts !== null) g.set(s.failedPosts);
  });
  gauge('placewatch_alerts', 'Alerts by status and severity', ['status', 'severity'], (g, s) => {
    for (const { status, severity, n } of s.alerts) g.set({ status, severity }, n);
  });
  gauge('placewatch_notifications', 'Notifications by delivery state (pending, delivered, dead…)', ['status'], (g, s) => {
    for (const { status, n } of s.notifications) g.set({ status }, n);
  });
  gauge('placewatch_postgres_lock_waits', 'Postgres lock requests not granted yet', [], (g, s) => {
    if (s.lockWaits !== null) g.set(s.lockWaits);
  });
  gauge('placewatch_scrape_errors', 'Sources that could not be read in this scrape (1) or could (0)', ['source'], (g, s) => {
    for (const [source, failed] of s.errors) g.set({ source }, failed);
  });
  return registry;
}

async function readSnapshot({ queues, db }: MetricsSources): Promise<Snapshot> {
  const s: Snapshot = { jobs: [], lag: [], failedPosts: null, alerts: [], notifications: [], lockWaits: null, errors: new Map() };
  const read = async (source: string, work: () => Promise<void>): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    // A lost Redis queues commands until it is back: the scrape must answer all the same.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), READ_TIMEOUT_MS);
    });
    try {
      await Promise.race([work(), timeout]);
      s.errors.set(source, 0);
    } catch {
      s.errors.set(source, 1);
    } finally {
      clearTimeout(timer);
    }
  };
  const byName: ReadonlyArray<readonly [string, Queue]> = [
    ['poll', queues.poll],
    ['analyze', queues.analyze],
    ['notify', queues.notify],
  ];
  await Promise.all([
    ...byName.map(([queue, q]) =>
      read(`queue:${queue}`, async () => {
        const [counts, [oldest]] = await Promise.all([q.getJobCounts(...JOB_STATES), q.getJobs(['wait'], 0, 0, true)]);
        for (const state of JOB_STATES) s.jobs.push({ queue, state, n: counts[state] ?? 0 });
        s.lag.push({ queue, seconds: oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0 });
      }),
    ),
    read('failed_posts', async () => {
      s.failedPosts = (await countFailedPosts(db)).total;
    }),
    read('alerts', async () => {
      const rows = await db
        .selectFrom('alerts')
        .select(['status', 'severity', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy(['status', 'severity'])
        .execute();
      for (const r of rows) s.alerts.push({ status: r.status, severity: r.severity, n: Number(r.n) });
    }),
    read('notifications', async () => {
      const rows = await db
        .selectFrom('notifications')
        .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy('status')
        .execute();
      for (const r of rows) s.notifications.push({ status: r.status, n: Number(r.n) });
    }),
    read('pg_locks', async () => {
      const { rows } = await sql<{ n: string }>`select count(*) as n from pg_locks where not granted`.execute(db);
      s.lockWaits = Number(rows[0]?.n ?? 0);
    }),
  ]);
  return s;
}
