import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { listAlerts, toAlertSummary } from '../alerts/index.js';
import type { Runtime } from '../runtime/index.js';

/** Builds the HTTP API (not listening yet, so tests can use `inject`). */
export async function buildApiServer(runtime: Runtime): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 1_048_576 });
  app.get('/api/health', async () => ({ status: 'ok' }));
  app.get('/api/ready', async (_request, reply) => {
    try {
      await sql`select 1`.execute(runtime.database.db);
      await runtime.redis.ping();
      return { status: 'ready' };
    } catch (error) {
      return reply.code(503).send({ status: 'not_ready', error: (error as Error).message });
    }
  });
  app.get('/api/alerts', async () => (await listAlerts(runtime.database.db)).map(toAlertSummary));
  return app;
}
