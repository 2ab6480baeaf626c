import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { pipelineMetrics } from '../../metrics/index.js';
import type { ApiDeps } from '../api-deps.js';

/**
 * Prometheus metrics of the whole deployment (queue depth and lag, failed posts, alerts,
 * notifications, Postgres lock waits), read at each scrape. Operators only: scrape with an
 * operator's API token (`Authorization: Bearer pwt_…`). Prometheus text, not JSON: left out of the
 * OpenAPI document of /api.
 */
export const metricsRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const registry = pipelineMetrics({ queues: deps.runtime.queues, db: deps.runtime.database.db });
  app.get('/metrics', { config: { auth: { permission: 'metrics:read' } }, schema: { hide: true } }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
};
