import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import {
  announceRevocation,
  completeEnrolment,
  completeTotp,
  enrolmentSecret,
  LOGIN_CSRF_COOKIE,
  loginWithPassword,
  revokeSession,
  totpUri,
  type LoginFailure,
  type LoginStep,
} from '../../auth/index.js';
import type { ApiDeps } from '../api-deps.js';
import { loginDepsOf, retryAfterSeconds } from '../auth/login-deps.js';
import { clearSessionCookie, loginCsrfToken, setSessionCookie } from '../auth/session-cookie.js';
import { enrolPage, loginPage, totpPage } from './pages/login-pages.js';
import { qrSvg } from './qr-svg.js';

const FAILURES: Record<Exclude<LoginFailure, 'LOGIN_LOCKED'>, string> = {
  LOGIN_FAILED: 'Wrong email or password.',
  TOTP_INVALID: 'That code is wrong or was already used. Wait for the next one.',
  TOTP_CURRENT_REQUIRED: 'Enter a code from your current authenticator too.',
  ENROL_FORBIDDEN: 'Finish signing in before changing your authenticator.',
};
const codeForm = z.object({ code: z.string().trim().max(10), _csrf: z.string().max(100).optional() });
const enrolForm = codeForm.extend({ currentCode: z.string().trim().max(10).optional() });

/** What the page says about a failed step; a delay says how long to wait. */
function failureText(step: { code: LoginFailure; retryAfterMs?: number }): string {
  if (step.code === 'LOGIN_LOCKED') return `Too many failed attempts. Try again in ${retryAfterSeconds(step.retryAfterMs)} seconds.`;
  return FAILURES[step.code];
}
const failureStatus = (code: LoginFailure) => (code === 'LOGIN_LOCKED' ? 429 : code === 'ENROL_FORBIDDEN' ? 403 : 401);

/** Browser sign-in: login form, second factor, TOTP enrolment, logout. */
export const uiLoginRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const loginDeps = loginDepsOf(deps.runtime);
  const endSession = async (session: { id: string; user_id: number }) => {
    await revokeSession(deps.runtime.database.db, session.id);
    await announceRevocation(deps.runtime.redis, deps.runtime.queuePrefix, session.user_id);
  };
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

  app.post(
    '/login',
    {
      config: { auth: 'public', ...limited },
      schema: { hide: true, body: z.object({ email: z.string().trim().max(320), password: z.string().max(500), _csrf: z.string().max(100).optional() }) },
    },
    async (request, reply) => {
      const step = await loginWithPassword(loginDeps, {
        email: request.body.email,
        password: request.body.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
      if (!step.ok) {
        const csrf = loginCsrfToken(reply, request.cookies[LOGIN_CSRF_COOKIE], deps.secure);
        if (step.code === 'LOGIN_LOCKED') reply.header('retry-after', String(retryAfterSeconds(step.retryAfterMs)));
        return htmlReply(reply, loginPage(csrf, failureText(step)), failureStatus(step.code));
      }
      // Starting over ends whatever half-finished session the browser had.
      if (request.principal?.session) await endSession(request.principal.session);
      return afterStep(reply, step);
    },
  );

  app.get('/login/totp', { config: { auth: { pendingOk: true, ui: true } }, schema: { hide: true } }, async (request, reply) =>
    htmlReply(reply, totpPage(request.principal!)),
  );

  app.post('/login/totp', { config: { auth: { pendingOk: true, ui: true }, ...limited }, schema: { hide: true, body: codeForm } }, async (request, reply) => {
    const step = await completeTotp(loginDeps, request.principal!.session!, request.body.code, request.ip);
    if (!step.ok) return htmlReply(reply, totpPage(request.principal!, failureText(step)), failureStatus(step.code));
    return afterStep(reply, step);
  });

  app.get('/enrol', { config: { auth: { pendingOk: true, ui: true } }, schema: { hide: true } }, async (request, reply) => {
    const principal = request.principal!;
    const session = principal.session;
    if (!session) return reply.redirect('/login', 303);
    // Half signed in with a second factor: the code comes first, never a new authenticator.
    if (principal.stage === 'totp') return reply.redirect('/login/totp', 303);
    const found = await enrolmentSecret(loginDeps, session);
    if (!found.ok) return reply.redirect('/login', 303);
    const uri = totpUri(found.secret, principal.user.email);
    return htmlReply(reply, enrolPage(principal, found.secret, uri, await qrSvg(uri, 'QR code of the authenticator setup key')));
  });

  app.post('/enrol', { config: { auth: { pendingOk: true, ui: true }, ...limited }, schema: { hide: true, body: enrolForm } }, async (request, reply) => {
    const principal = request.principal!;
    const session = principal.session;
    if (!session) return reply.redirect('/login', 303);
    if (principal.stage === 'totp') return reply.redirect('/login/totp', 303);
    const { code, currentCode } = request.body;
    const step = await completeEnrolment(loginDeps, session, { code, currentCode: currentCode || undefined }, request.ip);
    if (!step.ok) {
      const again = await enrolmentSecret(loginDeps, session);
      if (!again.ok) return reply.redirect('/login', 303);
      const uri = totpUri(again.secret, principal.user.email);
      const page = enrolPage(principal, again.secret, uri, await qrSvg(uri, 'QR code of the authenticator setup key'), failureText(step));
      return htmlReply(reply, page, failureStatus(step.code));
    }
    return afterStep(reply, step);
  });

  app.post(
    '/logout',
    { config: { auth: { pendingOk: true, ui: true } }, schema: { hide: true, body: z.object({ _csrf: z.string().max(100).optional() }).optional() } },
    async (request, reply) => {
      if (request.principal?.session) await endSession(request.principal.session);
      clearSessionCookie(reply, deps.secure);
      return reply.redirect('/login', 303);
    },
  );
};
