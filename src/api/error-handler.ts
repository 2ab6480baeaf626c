import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isPlacewatchError, type ApiErrorCode } from '../errors.js';
import { httpAnswerOf } from './error-status.js';
import { errorPage } from './ui/pages/error-page.js';

/** Every error leaves as `{ error: { code, message } }` with a fitting status; 5xx are logged. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const { status, code, message, issues } = classify(error);
    // The request id goes to the client too, so a reported 500 leads to its log line.
    const requestId = status >= 500 ? { request_id: request.id } : {};
    if (status >= 500) request.log.error({ err: error, method: request.method, route: request.routeOptions.url }, 'request failed');
    const auth = request.routeOptions.config?.auth;
    if (typeof auth === 'object' && auth.ui) {
      return reply
        .code(status)
        .type('text/html; charset=utf-8')
        .send(errorPage(status, message, request.principal));
    }
    return reply.code(status).send({ error: { code, message, ...requestId, ...(issues ? { issues } : {}) } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` } }),
  );
}

function classify(error: FastifyError): { status: number; code: ApiErrorCode; message: string; issues?: unknown } {
  if (isPlacewatchError(error)) {
    const answer = httpAnswerOf(error.code);
    return { status: answer.status, code: answer.code, message: answer.expose ? error.message : 'internal error' };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => ({ path: v.instancePath, message: v.message }));
    return { status: 400, code: 'INPUT_INVALID', message: `invalid ${error.validationContext ?? 'request'}`, issues };
  }
  if (error.statusCode === 429) return { status: 429, code: 'RATE_LIMITED', message: 'too many requests; try again later' };
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return { status: error.statusCode, code: 'INPUT_INVALID', message: error.message };
  }
  return { status: 500, code: 'INTERNAL', message: 'internal error' };
}
