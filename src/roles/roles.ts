import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../runtime/index.js';
import { startAnalyzer } from './analyzer-role.js';
import { startNotifier } from './notifier-role.js';
import { startPoller } from './poller-role.js';
import { startScheduler } from './scheduler-role.js';

/**
 * The api role (see api-role.ts), loaded when it starts: the other roles, and `ingest` and `demo`
 * with their own analyzer, need not load Fastify and the UI.
 */
export async function startApi(runtime: Runtime, loginOut?: NodeJS.WritableStream): Promise<FastifyInstance> {
  const role = await import('./api-role.js');
  return role.startApi(runtime, loginOut);
}

export const ROLES = ['api', 'poller', 'analyzer', 'notifier', 'scheduler'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Starts the given roles in this process; `start` without --role runs them all. `loginOut` receives
 * the demo admin's login on a first start (stdout unless `start` shows it in its own summary).
 */
export async function startRoles(runtime: Runtime, roles: readonly Role[], options: { loginOut?: NodeJS.WritableStream } = {}): Promise<void> {
  if (roles.includes('scheduler')) await startScheduler(runtime);
  if (roles.includes('analyzer')) startAnalyzer(runtime);
  if (roles.includes('poller')) startPoller(runtime);
  if (roles.includes('notifier')) startNotifier(runtime);
  if (roles.includes('api')) await startApi(runtime, options.loginOut);
}
