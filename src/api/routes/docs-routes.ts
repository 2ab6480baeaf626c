import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../api-deps.js';

/** The OpenAPI 3 document of every API route, generated from the routes' zod schemas. */
export const docsRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app) => {
  app.get('/api/docs', {
    config: { auth: 'public' },
    schema: { hide: true, response: { 200: z.record(z.string(), z.unknown()) } },
  }, async () => app.swagger() as unknown as Record<string, unknown>);
};
