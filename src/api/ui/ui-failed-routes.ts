import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { retryFailedPosts, type RetryFailedReport } from '../../pipeline/index.js';
import { countFailedPosts, listFailedPosts } from '../../posts/index.js';
import type { ApiDeps } from '../api-deps.js';
import { FAILED_PAGE_SIZE, failedPostsPage } from './pages/failed-posts-page.js';

// Operators own the feeds and the pipeline, as on the feeds page: reviewers and officers get 403.
const operators = { auth: { permission: 'feeds:read' as const, ui: true } };
const csrfOnly = z.object({ _csrf: z.string().max(100).optional() });
const count = z.coerce.number().int().min(0).max(1_000_000).optional();

/** What a retry did, in words, from the counts carried on the redirect. */
function retryFlash(q: {
  queued?: number | undefined;
  stored?: number | undefined;
  missing?: number | undefined;
  unreadable?: number | undefined;
}): string | undefined {
  if (q.queued === undefined) return undefined;
  const parts = [`Queued ${q.queued} failed ${q.queued === 1 ? 'post' : 'posts'} for analysis.`];
  if (q.stored) parts.push(`${q.stored} had been stored already and left the list.`);
  if (q.missing) parts.push(`${q.missing} no longer in the failed set.`);
  if (q.unreadable) parts.push(`${q.unreadable} no longer read as a post and stay listed (placewatch failed retry names the reason).`);
  return parts.join(' ');
}

const flashQuery = (report: RetryFailedReport) =>
  `queued=${report.enqueued}&stored=${report.alreadyStored}&missing=${report.notFound.length}&unreadable=${report.unreadable.length}`;

/** The dead-letter view of posts (`/failed`) and its Retry and Retry all forms. */
export const uiFailedRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const retry = (ids: readonly string[] | 'all') =>
    retryFailedPosts({ db: deps.runtime.database.db, queues: deps.runtime.queues, seen: deps.runtime.seen }, ids);

  app.get(
    '/failed',
    {
      config: operators,
      schema: {
        hide: true,
        querystring: z.object({
          page: z.coerce.number().int().min(1).max(100_000).default(1),
          queued: count,
          stored: count,
          missing: count,
          unreadable: count,
        }),
      },
    },
    async (request, reply) => {
      const db = deps.runtime.database.db;
      const { page } = request.query;
      const [rows, counts] = await Promise.all([listFailedPosts(db, { limit: FAILED_PAGE_SIZE, offset: (page - 1) * FAILED_PAGE_SIZE }), countFailedPosts(db)]);
      return reply
        .type('text/html; charset=utf-8')
        .send(failedPostsPage(request.principal!, { rows, total: counts.total, page, flash: retryFlash(request.query) }));
    },
  );

  app.post(
    '/failed/:id/retry',
    {
      config: operators,
      schema: { hide: true, params: z.object({ id: z.string().regex(/^\d{1,18}$/) }), body: csrfOnly },
    },
    async (request, reply) => reply.redirect(`/failed?${flashQuery(await retry([request.params.id]))}`, 303),
  );

  app.post('/failed/retry-all', { config: operators, schema: { hide: true, body: csrfOnly } }, async (_request, reply) =>
    reply.redirect(`/failed?${flashQuery(await retry('all'))}`, 303),
  );
};
