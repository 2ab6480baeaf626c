import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listFeedHealth } from '../../polling/index.js';
import type { ApiDeps } from '../api-deps.js';
import { scopeOf } from '../auth/principal.js';
import { authErrors } from '../schemas/common-schemas.js';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

const feedSchema = z.object({
  name: z.string(),
  kind: z.string(),
  enabled: z.boolean(),
  healthy: z.boolean(),
  /** ok, failing, silent, backing_off, never_polled, disabled: "no threats" and "no data" look different. */
  status: z.string(),
  last_success_at: z.string().nullable(),
  last_error: z.string().nullable(),
  last_error_at: z.string().nullable(),
  consecutive_failures: z.number(),
  posts_total: z.string(),
  skipped_total: z.string(),
  last_post_at: z.string().nullable(),
  posts_last_hour: z.number(),
  posts_per_hour_24h: z.number(),
  open_alerts: z.array(z.object({ kind: z.string(), detail: z.string(), opened_at: z.string() })),
});
const placeSchema = z.object({
  id: z.string(),
  name: z.string(),
  name_ar: z.string().nullable(),
  kind: z.string(),
  parent: z.string().nullable(),
  monitored: z.boolean(),
});

/** Feeds and their health (operators), places (everyone, officers their own), the active config (operators). */
export const feedPlaceRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  app.get(
    '/api/feeds',
    {
      config: { auth: { permission: 'feeds:read' } },
      schema: { tags: ['feeds'], response: { 200: z.object({ feeds: z.array(feedSchema) }), ...authErrors } },
    },
    async () => {
      const feeds = await listFeedHealth(deps.runtime.database.db, deps.runtime.config.current.config.feeds.feeds);
      return {
        feeds: feeds.map((f) => ({
          name: f.name,
          kind: f.kind,
          enabled: f.enabled,
          healthy: f.status === 'ok',
          status: f.status,
          last_success_at: iso(f.lastSuccessAt),
          last_error: f.lastError?.slice(0, 500) ?? null,
          last_error_at: iso(f.lastErrorAt),
          consecutive_failures: f.consecutiveFailures,
          posts_total: String(f.postsTotal),
          skipped_total: String(f.skippedTotal),
          last_post_at: iso(f.lastPostAt),
          posts_last_hour: f.postsLastHour,
          posts_per_hour_24h: f.postsPerHour24h,
          open_alerts: f.openAlerts.map((a) => ({ kind: a.kind, detail: a.detail, opened_at: iso(a.openedAt)! })),
        })),
      };
    },
  );

  app.get(
    '/api/places',
    {
      config: { auth: { permission: 'alerts:read' } },
      schema: { tags: ['places'], response: { 200: z.object({ places: z.array(placeSchema) }), ...authErrors } },
    },
    async (request) => {
      const scope = scopeOf(request.principal!);
      const places = deps.runtime.config.current.config.places.places.filter((p) => scope.places === null || scope.places.includes(p.id));
      return {
        places: places.map((p) => ({ id: p.id, name: p.name, name_ar: p.name_ar ?? null, kind: p.kind, parent: p.parent ?? null, monitored: p.monitored })),
      };
    },
  );

  app.get(
    '/api/config',
    {
      config: { auth: { permission: 'config:read' } },
      schema: {
        tags: ['config'],
        description: 'The active config version and what it holds.',
        response: {
          200: z.object({
            version: z.string(),
            places: z.number(),
            lexicons: z.number(),
            feeds: z.number(),
            routes: z.number(),
            thresholds: z.record(z.string(), z.unknown()),
          }),
          ...authErrors,
        },
      },
    },
    async () => {
      const config = deps.runtime.config.current.config;
      return {
        version: config.version,
        places: config.places.places.length,
        lexicons: config.lexicons.length,
        feeds: config.feeds.feeds.length,
        routes: config.routes.routes.length,
        thresholds: config.thresholds as unknown as Record<string, unknown>,
      };
    },
  );
};
