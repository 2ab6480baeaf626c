import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findLiveSession, findUserByApiToken, LOGIN_CSRF_COOKIE, SESSION_COOKIE, touchSession, type SessionStage } from '../../auth/index.js';
import { findUserById, roleCan, toPublicUser } from '../../users/index.js';
import type { Runtime } from '../../runtime/index.js';
import { ApiError } from '../api-error.js';
import type { RouteAuth } from './principal.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Installs authentication on the root instance: an onRequest hook that resolves the principal from
 * a Bearer token or the session cookie, and a preValidation guard that enforces each route's
 * `config.auth` (401), CSRF on every state-changing request (403) and the permission (403).
 */
export function installAuthentication(app: FastifyInstance, runtime: Runtime): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('authError', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header?.toLowerCase().startsWith('bearer ')) {
      const user = await findUserByApiToken(runtime.database.db, header.slice(7).trim());
      if (user) request.principal = { user: toPublicUser(user), via: 'token', session: null, stage: 'full' };
      else request.authError = 'TOKEN_INVALID';
      return;
    }
    const secret = request.cookies[SESSION_COOKIE];
    if (!secret || secret.length > 100) return;
    const session = await findLiveSession(runtime.database.db, secret);
    if (!session) return;
    const user = await findUserById(runtime.database.db, session.user_id);
    if (!user || user.disabled) return;
    await touchSession(runtime.database.db, session);
    request.principal = { user: toPublicUser(user), via: 'session', session, stage: session.stage as SessionStage };
  });
  app.addHook('preValidation', async (request, reply) => guard(request, reply));
}

async function guard(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const auth: RouteAuth = request.routeOptions.config?.auth ?? {};
  if (auth === 'signature') return; // the route checks its own HMAC signature or bearer secret
  if (auth === 'public') {
    if (!csrfOk(request, true)) throw new ApiError('CSRF_INVALID', 'missing or wrong CSRF token');
    return;
  }
  const principal = request.principal;
  const signedIn = principal && (principal.stage === 'full' || auth.pendingOk);
  if (!signedIn) {
    if (auth.ui) {
      const next = principal?.stage === 'totp' ? '/login/totp' : principal?.stage === 'enrol' ? '/enrol' : '/login';
      return reply.redirect(next, 303);
    }
    if (request.authError) throw new ApiError('TOKEN_INVALID', 'the API token is unknown, revoked or its user disabled');
    throw new ApiError('AUTH_REQUIRED', 'sign in or send an API token');
  }
  if (!csrfOk(request, false)) throw new ApiError('CSRF_INVALID', 'missing or wrong CSRF token');
  if (auth.permission && !roleCan(principal.user.role, auth.permission)) {
    throw new ApiError('FORBIDDEN', `your role (${principal.user.role}) may not do this`);
  }
}

/**
 * State-changing requests must prove they come from our own pages: a token bound to the session
 * (header `x-csrf-token` or form field `_csrf`), or before login the double-submit cookie. Bearer
 * requests carry no ambient credentials, so they need none.
 */
function csrfOk(request: FastifyRequest, publicRoute: boolean): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  if (request.principal?.via === 'token') return true;
  const session = request.principal?.session?.csrf_token;
  // Public routes (login) also take the pre-login token: someone half signed in may start over.
  const expected = [session, publicRoute || !session ? request.cookies[LOGIN_CSRF_COOKIE] : undefined];
  const header = request.headers['x-csrf-token'];
  const field = (request.body as { _csrf?: unknown } | undefined)?._csrf;
  const sent = typeof header === 'string' ? header : typeof field === 'string' ? field : undefined;
  if (!sent) return false;
  return expected.some((token) => token !== undefined && sameSecret(token, sent));
}

function sameSecret(expected: string, sent: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}
