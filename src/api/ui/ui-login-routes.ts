import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import {
  completeEnrolment, completeTotp, LOGIN_CSRF_COOKIE, loginWithPassword, newTotpSecret, revokeSession, setEnrolSecret, totpUri,
  type LoginStep,
} from '../../auth/index.js';
import type { ApiDeps } from '../api-deps.js';
import { clearSessionCookie, loginCsrfToken, setSessionCookie } from '../auth/session-cookie.js';
import { enrolPage, loginPage, totpPage } from './pages/login-pages.js';

const FAILURES: Record<string, string> = {
  LOGIN_FAILED: 'Wrong email or password.',
  LOGIN_LOCKED: 'Too many failed attempts for this account. Try again in 15 minutes.',
  TOTP_INVALID: 'That code is wrong or was already used. Wait for the next one.',
};
const codeForm = z.object({ code: z.string().trim().max(10), _csrf: z.string().max(100).optional() });

/** Browser sign-in: login form, second factor, TOTP enrolment, logout. */
export const uiLoginRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const loginDeps = { db: deps.runtime.database.db, redis: deps.runtime.redis, keyPrefix: deps.runtime.queuePrefix };
  const limited = { rateLimit: { ...deps.loginRateLimit } };
  const htmlReply = (reply: FastifyReply, body: string, status = 200) => reply.code(status).type('text/html; charset=utf-8').send(body);
  const afterStep = (reply: FastifyReply, step: LoginStep & { ok: true }) => {
    if (step.secret) setSessionCookie(reply, step.secret, deps.secure);
    return reply.redirect(step.stage === 'totp' ? '/login/totp' : step.stage === 'enrol' ? '/enrol' : '/alerts', 303);
  };

  app.get('/', { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) => reply.redirect('/alerts', 303));

  app.get('/login', { config: { auth: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (request.principal?.stage === 'full') return reply.redirect('/alerts', 303);
    return htmlReply(reply, loginPage(loginCsrfToken(reply, request.cookies[LOGIN_CSRF_COOKIE], deps.secure)));
  });

  app.post('/login', {
    config: { auth: 'public', ...limited },
    schema: { hide: true, body: z.object({ email: z.string().trim().max(320), password: z.string().max(500), _csrf: z.string().max(100).optional() }) },
  }, async (request, reply) => {
    const step = await loginWithPassword(loginDeps, { email: request.body.email, password: request.body.password, ip: request.ip, userAgent: request.headers['user-agent'] });
    if (!step.ok) {
      const csrf = loginCsrfToken(reply, request.cookies[LOGIN_CSRF_COOKIE], deps.secure);
      return htmlReply(reply, loginPage(csrf, FAILURES[step.code]), step.code === 'LOGIN_LOCKED' ? 429 : 401);
    }
    // Starting over ends whatever half-finished session the browser had.
    if (request.principal?.session) await revokeSession(deps.runtime.database.db, request.principal.session.id);
    return afterStep(reply, step);
  });

  app.get('/login/totp', { config: { auth: { pendingOk: true, ui: true } }, schema: { hide: true } }, async (request, reply) =>
    htmlReply(reply, totpPage(request.principal!)));

  app.post('/login/totp', { config: { auth: { pendingOk: true, ui: true }, ...limited }, schema: { hide: true, body: codeForm } }, async (request, reply) => {
    const step = await completeTotp(loginDeps, request.principal!.session!, request.body.code, request.ip);
    if (!step.ok) return htmlReply(reply, totpPage(request.principal!, FAILURES[step.code]), 401);
    return afterStep(reply, step);
  });

  app.get('/enrol', { config: { auth: { pendingOk: true, ui: true } }, schema: { hide: true } }, async (request, reply) => {
    const principal = request.principal!;
    const session = principal.session;
    if (!session) return reply.redirect('/login', 303);
    let secret = session.enrol_secret;
    if (!secret) {
      secret = newTotpSecret();
      await setEnrolSecret(deps.runtime.database.db, session.id, secret);
    }
    return htmlReply(reply, enrolPage(principal, secret, totpUri(secret, principal.user.email)));
  });

  app.post('/enrol', { config: { auth: { pendingOk: true, ui: true }, ...limited }, schema: { hide: true, body: codeForm } }, async (request, reply) => {
    const principal = request.principal!;
    const session = principal.session;
    if (!session) return reply.redirect('/login', 303);
    const step = await completeEnrolment(loginDeps, session, request.body.code, request.ip);
    if (!step.ok) {
      const secret = session.enrol_secret ?? '';
      return htmlReply(reply, enrolPage(principal, secret, totpUri(secret, principal.user.email), FAILURES[step.code]), 401);
    }
    return afterStep(reply, step);
  });

  app.post('/logout', { config: { auth: { pendingOk: true, ui: true } }, schema: { hide: true, body: z.object({ _csrf: z.string().max(100).optional() }).optional() } }, async (request, reply) => {
    if (request.principal?.session) await revokeSession(deps.runtime.database.db, request.principal.session.id);
    clearSessionCookie(reply, deps.secure);
    return reply.redirect('/login', 303);
  });
};
