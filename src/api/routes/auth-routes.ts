import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
import { ApiError } from '../api-error.js';
import type { ApiDeps } from '../api-deps.js';
import { loginDepsOf, retryAfterSeconds } from '../auth/login-deps.js';
import { clearSessionCookie, loginCsrfToken, setSessionCookie } from '../auth/session-cookie.js';
import { errorSchema } from '../schemas/common-schemas.js';

const userSchema = z.object({
  id: z.number(),
  email: z.string(),
  role: z.string(),
  places: z.array(z.string()),
  totpEnabled: z.boolean(),
});
const stageSchema = z.object({ stage: z.enum(['totp', 'enrol', 'full']), csrfToken: z.string(), user: userSchema.nullable() });
const sixDigits = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'a 6-digit code');
const codeBody = z.object({ code: sixDigits });
const enrolBody = z.object({
  code: sixDigits.describe('a code from the new authenticator'),
  currentCode: sixDigits.optional().describe('a code from the current authenticator; required to replace one'),
});
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 429: errorSchema };

/** JSON sign-in for scripts and the UI's fetch calls: login, second factor, enrolment, logout, me. */
export const authRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const loginDeps = loginDepsOf(deps.runtime);
  const endSession = async (session: { id: string; user_id: number }) => {
    await revokeSession(deps.runtime.database.db, session.id);
    await announceRevocation(deps.runtime.redis, deps.runtime.queuePrefix, session.user_id);
  };
  const limited = { rateLimit: { ...deps.loginRateLimit } };

  app.get(
    '/api/auth/csrf',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['auth'],
        description: 'Sets the pre-login CSRF cookie and returns its token (send it as x-csrf-token to /api/auth/login).',
        response: { 200: z.object({ csrfToken: z.string() }) },
      },
    },
    async (request, reply) => ({ csrfToken: loginCsrfToken(reply, request.cookies[LOGIN_CSRF_COOKIE], deps.secure) }),
  );

  app.post(
    '/api/auth/login',
    {
      config: { auth: 'public', ...limited },
      schema: {
        tags: ['auth'],
        body: z.object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(500), totp: z.string().max(10).optional() }),
        response: { 200: stageSchema, ...errors },
      },
    },
    async (request, reply) => {
      const step = await loginWithPassword(loginDeps, { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] });
      // Starting over ends whatever session the browser had.
      if (step.ok && request.principal?.session) await endSession(request.principal.session);
      return respond(step, reply);
    },
  );

  app.post(
    '/api/auth/totp',
    {
      config: { auth: { pendingOk: true }, ...limited },
      schema: { tags: ['auth'], body: codeBody, response: { 200: stageSchema, ...errors } },
    },
    async (request, reply) => respond(await completeTotp(loginDeps, sessionOf(request), request.body.code, request.ip), reply),
  );

  app.get(
    '/api/auth/totp/enrol',
    {
      config: { auth: { pendingOk: true } },
      schema: {
        tags: ['auth'],
        description:
          'The secret to enrol: at the enrolment stage (operators and admins without one), or signed in (others may add one; replacing one needs its current code).',
        response: { 200: z.object({ secret: z.string(), uri: z.string() }), ...errors },
      },
    },
    async (request) => {
      const found = await enrolmentSecret(loginDeps, sessionOf(request));
      if (!found.ok) return refuse(found.code);
      return { secret: found.secret, uri: totpUri(found.secret, request.principal!.user.email) };
    },
  );

  app.post(
    '/api/auth/totp/enrol',
    {
      config: { auth: { pendingOk: true }, ...limited },
      schema: {
        tags: ['auth'],
        description: 'Confirms the new authenticator; ends your other sessions.',
        body: enrolBody,
        response: { 200: stageSchema, ...errors },
      },
    },
    async (request, reply) => respond(await completeEnrolment(loginDeps, sessionOf(request), request.body, request.ip), reply),
  );

  app.post(
    '/api/auth/logout',
    {
      config: { auth: { pendingOk: true } },
      schema: { tags: ['auth'], response: { 200: z.object({ ok: z.literal(true) }), ...errors } },
    },
    async (request, reply) => {
      const session = request.principal?.session;
      if (session) await endSession(session);
      clearSessionCookie(reply, deps.secure);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        response: { 200: z.object({ user: userSchema, via: z.enum(['session', 'token']), csrfToken: z.string().nullable() }), ...errors },
      },
    },
    async (request) => {
      const p = request.principal!;
      return { user: publicOf(p.user), via: p.via, csrfToken: p.session?.csrf_token ?? null };
    },
  );

  function respond(step: LoginStep, reply: FastifyReply) {
    if (!step.ok) {
      if (step.code === 'LOGIN_LOCKED') {
        const seconds = retryAfterSeconds(step.retryAfterMs);
        reply.header('retry-after', String(seconds));
        throw new ApiError('LOGIN_LOCKED', `too many failed attempts; try again in ${seconds} s`);
      }
      return refuse(step.code);
    }
    if (step.secret) setSessionCookie(reply, step.secret, deps.secure);
    return { stage: step.stage, csrfToken: step.session.csrf_token, user: step.stage === 'full' ? publicOf(step.user) : null };
  }
};

function refuse(code: LoginFailure): never {
  switch (code) {
    case 'LOGIN_LOCKED':
      throw new ApiError('LOGIN_LOCKED', 'too many failed attempts; try again later');
    case 'ENROL_FORBIDDEN':
      throw new ApiError('FORBIDDEN', 'finish signing in before changing your authenticator');
    case 'TOTP_CURRENT_REQUIRED':
      throw new ApiError('TOTP_INVALID', 'replacing your authenticator needs a code from the current one (currentCode)');
    case 'TOTP_INVALID':
      throw new ApiError('TOTP_INVALID', 'wrong or reused code');
    case 'LOGIN_FAILED':
      throw new ApiError('LOGIN_FAILED', 'wrong email or password');
  }
}

function sessionOf(request: FastifyRequest) {
  const session = request.principal?.session;
  if (!session) throw new ApiError('INVALID_REQUEST', 'this step needs a browser session, not an API token');
  return session;
}

function publicOf(user: { id: number; email: string; role: string; places: readonly string[]; totp_secret?: string | null; totpEnabled?: boolean }) {
  return { id: user.id, email: user.email, role: user.role, places: [...user.places], totpEnabled: user.totpEnabled ?? (user.totp_secret ?? null) !== null };
}
