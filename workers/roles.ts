import type { Runtime } from '../src/runtime/index.js';
import { startAnalyzer } from './analyzer.js';
import { startApi } from './api.js';
import { startNotifier } from './notifier.js';
import { startPoller } from './poller.js';
import { startScheduler } from './scheduler.js';

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
