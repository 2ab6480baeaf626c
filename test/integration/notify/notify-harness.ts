import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { insertAlert } from '../../../src/alerts/alert-repository.js';
import type { Database } from '../../../src/db/schema.js';
import { notifyAlertChange, startNotifier, startNotifyScheduler, type AlertChange, type Notifier } from '../../../src/notify/index.js';
import type { Runtime } from '../../../src/runtime/index.js';
import type { Severity, RouteConfig } from '../../../src/config/index.js';

/** A Standard Webhooks secret for tests ("whsec_" + base64 of 32 bytes). */
export const TEST_SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
export const TEST_SECRET_OLD = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;

const PLACES = `places:
  - id: town-a
    name: Town A
    name_ar: البلدة أ
  - id: town-b
    name: Town B
`;

/** A config directory of its own: two places and the given routes.yaml, nothing else. */
export function notifyConfig(routesYaml: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pw-notify-'));
  writeFileSync(path.join(dir, 'places.yaml'), PLACES);
  writeFileSync(path.join(dir, 'routes.yaml'), routesYaml);
  return dir;
}

/** Fast retry timing for tests; production defaults are seconds to an hour. */
export const FAST_DELIVERY = `delivery:
  max_attempts: 3
  backoff_base: 100ms
  backoff_max: 300ms
  timeout: 2s
  relay_interval: 50ms
  escalation_interval: 100ms
`;

export interface ReceivedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
}

interface Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly delayMs?: number;
}
type Responder = (req: ReceivedRequest) => Answer;

/**
 * A local HTTP receiver on 127.0.0.1 that records every request and, like a well-behaved webhook
 * consumer, accepts each webhook-id once (`accepted`) and drops duplicates (`duplicates`).
 */
export class TestReceiver {
  readonly requests: ReceivedRequest[] = [];
  readonly accepted = new Map<string, ReceivedRequest>();
  duplicates = 0;
  private responders = new Map<string, Responder>();
  private server: Server;

  private constructor(server: Server) {
    this.server = server;
  }

  static async start(): Promise<TestReceiver> {
    let receiver!: TestReceiver;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const record: ReceivedRequest = { path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
        receiver.requests.push(record);
        const responder: Responder = receiver.responders.get(record.path) ?? (() => ({ status: 200 }));
        const answer = responder(record);
        const finish = () => {
          if (answer.status >= 200 && answer.status < 300) {
            const id = String(record.headers['webhook-id'] ?? `${record.path}#${receiver.requests.length}`);
            if (receiver.accepted.has(id)) receiver.duplicates++;
            else receiver.accepted.set(id, record);
          }
          res.writeHead(answer.status, answer.headers ?? {});
          res.end(answer.body ?? '');
        };
        if (answer.delayMs) setTimeout(finish, answer.delayMs);
        else finish();
      });
    });
    receiver = new TestReceiver(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(p: string): string {
    return `http://127.0.0.1:${this.port}${p}`;
  }

  /** Answers requests to `path` with `responder` (default: 200). */
  on(p: string, responder: Responder): void {
    this.responders.set(p, responder);
  }

  at(p: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === p);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export interface TestAlert {
  readonly placeId?: string;
  readonly severity?: Severity;
  readonly category?: string;
  readonly change?: AlertChange;
  readonly campaign?: boolean;
}

/** Commits an alert and its outbox rows in one transaction, as the analyzer does. */
export async function commitAlert(db: Kysely<Database>, routes: readonly RouteConfig[], alert: TestAlert = {}): Promise<string> {
  const placeId = alert.placeId ?? 'town-a';
  const severity = alert.severity ?? 'high';
  const category = alert.category ?? 'death_threat';
  const change = alert.change ?? 'opened';
  return db.transaction().execute(async (tx) => {
    const row = await insertAlert(tx, { placeId, placeName: placeId === 'town-a' ? 'Town A' : 'Town B', category, severity, score: 0.9, seenAt: new Date() });
    await notifyAlertChange(tx, routes, { placeId, severity, category, campaign: alert.campaign ?? false }, change, {
      alertId: row.id,
      sequence: '0',
      payload: {
        alertId: row.id,
        event: change,
        place: placeId,
        placeName: row.place_name,
        severity,
        category,
        postCount: 12,
        distinctAuthors: 7,
        campaign: alert.campaign ?? false,
        link: `http://placewatch.test/alerts/${row.id}`,
      },
    });
    return row.id;
  });
}

/** Polls until `check` returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(check: () => Promise<T> | T, timeoutMs = 10_000, label = 'condition'): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Exclude<T, false | null | undefined | 0 | ''>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The notifier and the notify scheduler (relay, escalations, digests) in this process, on the test
 * runtime, as the `notifier` and `scheduler` roles run them; `close` stops both.
 */
export function startNotifyRoles(runtime: Runtime, env: NodeJS.ProcessEnv, options: { places?: boolean } = {}): { notifier: Notifier; close(): Promise<void> } {
  const routes = () => runtime.config.current.config.routes;
  const notifier = startNotifier({
    db: runtime.database.db,
    redis: runtime.redis,
    queuePrefix: runtime.queuePrefix,
    logger: runtime.logger,
    routes,
    places: () => (options.places === false ? [] : runtime.config.current.config.places.places),
    allowPrivate: runtime.env.PLACEWATCH_ALLOW_PRIVATE,
    env,
  });
  const scheduler = startNotifyScheduler({
    db: runtime.database.db,
    queues: runtime.queues,
    logger: runtime.logger,
    routes,
    publicUrl: 'http://placewatch.test',
  });
  return {
    notifier,
    close: async () => {
      await scheduler.close();
      await notifier.close();
    },
  };
}
