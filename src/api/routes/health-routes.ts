import { sql } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../api-deps.js';

/** Liveness and readiness: unauthenticated, for load balancers and orchestrators. */
export const healthRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  app.get('/api/health', {
    config: { auth: 'public' },
    schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ok') }) } },
  }, async () => ({ status: 'ok' as const }));

  app.get('/api/ready', {
    config: { auth: 'public' },
    schema: {
      tags: ['health'],
      response: { 200: z.object({ status: z.literal('ready') }), 503: z.object({ status: z.literal('not_ready'), error: z.string() }) },
    },
  }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(deps.runtime.database.db);
      await deps.runtime.redis.ping();
      return { status: 'ready' as const };
    } catch (error) {
      return reply.code(503).send({ status: 'not_ready' as const, error: (error as Error).message });
    }
  });
};
