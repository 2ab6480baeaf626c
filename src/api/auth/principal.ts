import type { PlaceScope } from '../../alerts/index.js';
import type { SessionRow, SessionStage } from '../../auth/index.js';
import type { Permission, PublicUser } from '../../users/index.js';

/** Who is making a request, and how they proved it. */
export interface Principal {
  readonly user: PublicUser;
  readonly via: 'session' | 'token';
  readonly session: SessionRow | null;
  readonly stage: SessionStage;
}

/**
 * What a route requires: 'public', or a signed-in user (fully, unless `pendingOk` for the second
 * factor screens) holding `permission`. `ui` routes redirect to the login page instead of 401.
 */
/**
 * How a route is guarded: `public` (no sign-in, CSRF for forms), `signature` (the route verifies its
 * caller itself, e.g. partner webhooks signed per feed; no cookies are involved), or a permission.
 */
export type RouteAuth = 'public' | 'signature' | { readonly permission?: Permission; readonly pendingOk?: boolean; readonly ui?: boolean };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    authError: 'TOKEN_INVALID' | null;
  }
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
}

/** The places a principal may see: officers their own, everyone else all. */
export function scopeOf(principal: Principal): PlaceScope {
  return { places: principal.user.role === 'officer' ? principal.user.places : null };
}
