import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { placeActivity } from '../../alerts/index.js';
import { listSourceHealth, type SourceHealth } from '../../polling/index.js';
import { countFailedPosts } from '../../posts/index.js';
import { ApiError } from '../api-error.js';
import type { ApiDeps } from '../api-deps.js';
import { scopeOf, type Principal } from '../auth/principal.js';
import { feedsPage } from './pages/feeds-page.js';
import { placePage, placesPage, type PlaceSummary } from './pages/places-page.js';

/** The overview chart's window; the place page looks further back to show a trend. */
const OVERVIEW_DAYS = 30;
const PLACE_PAGE_DAYS = 90;

/** The feeds page (operators, like the feeds API) and the places overview and place pages (everyone, officers their own places). */
export const uiOverviewRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const db = deps.runtime.database.db;
  const config = () => deps.runtime.config.current.config;
  const sourcesByName = async (): Promise<Map<string, SourceHealth>> => new Map((await listSourceHealth(db, config().feeds.feeds)).map((s) => [s.name, s]));
  /** Monitored places the person may see, in config order. */
  const visiblePlaces = (principal: Principal) => {
    const scope = scopeOf(principal);
    return config().places.places.filter((p) => p.monitored && (scope.places === null || scope.places.includes(p.id)));
  };

  app.get('/feeds', { config: { auth: { permission: 'feeds:read', ui: true } }, schema: { hide: true } }, async (request, reply) => {
    const [sources, failed] = await Promise.all([listSourceHealth(db, config().feeds.feeds), countFailedPosts(db)]);
    return reply.type('text/html; charset=utf-8').send(feedsPage(request.principal!, sources, config().feeds.feeds.length, failed));
  });

  app.get('/places', { config: { auth: { permission: 'alerts:read', ui: true } }, schema: { hide: true } }, async (request, reply) => {
    const places = visiblePlaces(request.principal!);
    const [activity, sources] = await Promise.all([
      placeActivity(
        db,
        places.map((p) => p.id),
        { days: OVERVIEW_DAYS },
      ),
      sourcesByName(),
    ]);
    const summaries: PlaceSummary[] = places.map((p, i) => ({ id: p.id, name: p.name, nameAr: p.name_ar ?? null, activity: activity[i]! }));
    return reply.type('text/html; charset=utf-8').send(placesPage(request.principal!, summaries, sources));
  });

  app.get(
    '/places/:id',
    {
      config: { auth: { permission: 'alerts:read', ui: true } },
      schema: { hide: true, params: z.object({ id: z.string().min(1).max(120) }) },
    },
    async (request, reply) => {
      // Out of scope reads as unknown, as alerts do: an officer learns nothing of others' places.
      const place = visiblePlaces(request.principal!).find((p) => p.id === request.params.id);
      if (!place) throw new ApiError('NOT_FOUND', `no place ${request.params.id}`);
      const [activity, sources] = await Promise.all([placeActivity(db, [place.id], { days: PLACE_PAGE_DAYS }), sourcesByName()]);
      const summary: PlaceSummary = { id: place.id, name: place.name, nameAr: place.name_ar ?? null, activity: activity[0]! };
      return reply.type('text/html; charset=utf-8').send(placePage(request.principal!, summary, sources));
    },
  );
};
