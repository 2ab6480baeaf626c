import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { LOGIN_CSRF_COOKIE, SESSION_ABSOLUTE_MS, SESSION_COOKIE } from '../../auth/index.js';

/** Cookie attributes: HttpOnly, SameSite=Strict, and Secure whenever the public URL is https. */
function attributes(secure: boolean, maxAgeMs: number) {
  return { httpOnly: true, sameSite: 'strict' as const, secure, path: '/', maxAge: Math.floor(maxAgeMs / 1000) };
}

export function setSessionCookie(reply: FastifyReply, secret: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, secret, attributes(secure, SESSION_ABSOLUTE_MS));
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure });
}

/**
 * The pre-login CSRF token (double submit): reuses the browser's cookie when present so two open
 * login tabs both work, else sets a new one. Returns the token to embed in the form.
 */
export function loginCsrfToken(reply: FastifyReply, existing: string | undefined, secure: boolean): string {
  if (existing && /^[A-Za-z0-9_-]{32}$/.test(existing)) return existing;
  const token = randomBytes(24).toString('base64url');
  reply.setCookie(LOGIN_CSRF_COOKIE, token, attributes(secure, 2 * 60 * 60_000));
  return token;
}
