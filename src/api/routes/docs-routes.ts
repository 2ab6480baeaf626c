import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../api-deps.js';
import { apiDocsPage, type OpenApiDocument } from '../ui/pages/api-docs-page.js';

/** The OpenAPI 3 document of every API route, generated from the routes' zod schemas, raw and rendered. */
export const docsRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app) => {
  app.get(
    '/api/docs',
    {
      config: { auth: 'public' },
      schema: { hide: true, response: { 200: z.record(z.string(), z.unknown()) } },
    },
    async () => app.swagger() as unknown as Record<string, unknown>,
  );

  app.get('/docs', { config: { auth: 'public' }, schema: { hide: true } }, async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(apiDocsPage(request.principal, app.swagger() as unknown as OpenApiDocument)),
  );
};
