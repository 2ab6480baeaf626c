import { errorMessage } from '../errors.js';
import type { Logger } from './logger.js';

/** The servers a role cannot work without. */
export type Dependency = 'postgres' | 'redis';

/** Socket and Postgres codes that mean the server went away, not that the work was wrong. */
const LOST_CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // admin_shutdown, crash_shutdown, cannot_connect_now; class 08 connection exceptions
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const LOST_CONNECTION_MESSAGES = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Connection is closed/i;

/**
 * True when `error` says a server connection was lost (worth waiting for), false for an error in the
 * work itself (bad data, a bug), which must fail the job as before.
 */
export function isConnectionLoss(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; current && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && LOST_CONNECTION_CODES.has(code)) return true;
    if (current instanceof AggregateError && current.errors.some(isConnectionLoss)) return true;
    if (LOST_CONNECTION_MESSAGES.test(errorMessage(current))) return true;
  }
  return false;
}

/**
 * Whether this process can do its work now: not ready while Postgres or Redis is lost. Each change
 * is logged once ("not ready", "ready again"), so a worker role without HTTP still reports it, and
 * the API's /api/ready answers 503 meanwhile.
 */
export class Readiness {
  private readonly down = new Map<Dependency, string>();

  constructor(private readonly logger: Logger) {}

  get ready(): boolean {
    return this.down.size === 0;
  }

  /** What is lost and the last error seen from it. */
  get problems(): ReadonlyArray<{ readonly dependency: Dependency; readonly error: string }> {
    return [...this.down].map(([dependency, error]) => ({ dependency, error }));
  }

  markDown(dependency: Dependency, error: unknown): void {
    const first = !this.down.has(dependency);
    this.down.set(dependency, errorMessage(error) || String((error as { code?: unknown })?.code ?? 'lost'));
    if (first) this.logger.warn({ dependency, err: this.down.get(dependency), ready: false }, 'not ready: connection lost, waiting to reconnect');
  }

  markUp(dependency: Dependency): void {
    if (!this.down.delete(dependency)) return;
    this.logger.info({ dependency, ready: this.ready }, 'ready again: connection restored');
  }
}
