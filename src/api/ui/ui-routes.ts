import { readFileSync } from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../api-deps.js';
import { uiAlertRoutes } from './ui-alert-routes.js';
import { uiFailedRoutes } from './ui-failed-routes.js';
import { uiLoginRoutes } from './ui-login-routes.js';
import { uiOverviewRoutes } from './ui-overview-routes.js';
import { uiSilenceRoutes } from './ui-silence-routes.js';
import { uiSubscriptionRoutes } from './ui-subscription-routes.js';
import { configUiRoutes } from './pages/config-ui-routes.js';

const ASSETS: ReadonlyArray<[string, string, string]> = [
  ['/ui/app.js', 'app.js', 'text/javascript; charset=utf-8'],
  ['/ui/app.css', 'app.css', 'text/css; charset=utf-8'],
];

/** The reviewer UI: server-rendered pages plus one script and one stylesheet (no bundler). */
export const uiRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  for (const [url, file, type] of ASSETS) {
    const content = readFileSync(new URL(`./static/${file}`, import.meta.url));
    app.get(url, { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply.type(type).header('cache-control', 'public, max-age=300').send(content),
    );
  }
  await app.register(uiLoginRoutes, deps);
  await app.register(uiAlertRoutes, deps);
  await app.register(uiSilenceRoutes, deps);
  await app.register(uiSubscriptionRoutes, deps);
  await app.register(configUiRoutes, deps);
  await app.register(uiOverviewRoutes, deps);
  await app.register(uiFailedRoutes, deps);
};
