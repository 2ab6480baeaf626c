import { sql } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { countFailedPosts } from '../../posts/index.js';
import type { ApiDeps } from '../api-deps.js';

/** A live check slower than this counts as not ready: a load balancer must get an answer. */
const READY_CHECK_TIMEOUT_MS = 3_000;

/** Liveness and readiness: unauthenticated, for load balancers and orchestrators. */
export const healthRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  app.get(
    '/api/health',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['health'],
        response: {
          200: z.object({
            status: z.literal('ok'),
            /** Posts in the failed set (`placewatch failed list`); null while the database cannot say. */
            failed_posts: z.number().int().nullable(),
          }),
        },
      },
    },
    async () => ({ status: 'ok' as const, failed_posts: await failedPostCount(deps) }),
  );

  app.get(
    '/api/ready',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['health'],
        response: { 200: z.object({ status: z.literal('ready') }), 503: z.object({ status: z.literal('not_ready'), error: z.string() }) },
      },
    },
    async (_request, reply) => {
      // While a connection is known lost the process is waiting to reconnect: say so at once (a ping
      // to a lost Redis would queue until it is back instead of failing).
      const lost = deps.runtime.readiness.problems;
      if (lost.length > 0) {
        return reply.code(503).send({ status: 'not_ready' as const, error: lost.map((p) => `${p.dependency}: ${p.error}`).join('; ') });
      }
      try {
        await withTimeout(Promise.all([sql`select 1`.execute(deps.runtime.database.db), deps.runtime.redis.ping()]));
        return { status: 'ready' as const };
      } catch (error) {
        return reply.code(503).send({ status: 'not_ready' as const, error: (error as Error).message });
      }
    },
  );
};

/** The failed-set size, or null: liveness must answer even while Postgres is away. */
async function failedPostCount(deps: ApiDeps): Promise<number | null> {
  if (deps.runtime.readiness.problems.length > 0) return null;
  try {
    return (await withTimeout(countFailedPosts(deps.runtime.database.db))).total;
  } catch {
    return null;
  }
}

async function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${READY_CHECK_TIMEOUT_MS} ms`)), READY_CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
