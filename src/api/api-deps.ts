import { publishAlertChanges } from '../alerts/index.js';
import type { Runtime } from '../runtime/index.js';
import type { AlertChangeHub } from './live/alert-change-hub.js';

/** What route plugins need, passed as their options. */
export interface ApiDeps {
  readonly runtime: Runtime;
  readonly hub: AlertChangeHub;
  /** Secure cookies and HSTS: on whenever the public URL is https (TLS at a proxy included). */
  readonly secure: boolean;
  /** Per-address budget of login attempts (password and second-factor steps). */
  readonly loginRateLimit: { readonly max: number; readonly timeWindow: number };
}

/** Tells live views about alerts changed by this process (other API processes hear it via Redis). */
export async function announceAlerts(deps: ApiDeps, ids: readonly string[]): Promise<void> {
  await publishAlertChanges(deps.runtime.redis, deps.runtime.queuePrefix, ids);
  void deps.hub.wake();
}
