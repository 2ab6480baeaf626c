import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Runtime } from '../runtime/index.js';
import type { ApiDeps } from './api-deps.js';
import { installAuthentication } from './auth/authenticate.js';
import { installErrorHandler } from './error-handler.js';
import { AlertChangeHub, type HubOptions } from './live/alert-change-hub.js';
import { alertActionRoutes } from './routes/alert-action-routes.js';
import { alertBulkRoutes } from './routes/alert-bulk-routes.js';
import { alertReadRoutes } from './routes/alert-read-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { docsRoutes } from './routes/docs-routes.js';
import { feedPlaceRoutes } from './routes/feed-place-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { metricsRoutes } from './routes/metrics-routes.js';
import { notificationRoutes } from './routes/notification-routes.js';
import { silenceRoutes } from './routes/silence-routes.js';
import { streamRoutes } from './routes/stream-routes.js';
import { subscriptionRoutes } from './routes/subscription-routes.js';
import { tokenRoutes } from './routes/token-routes.js';
import { userRoutes } from './routes/user-routes.js';
import { webhookIngestRoutes } from './routes/webhook-ingest-routes.js';
import { configFeedRoutes } from './routes/config-feed-routes.js';
import { configRoutes } from './routes/config-routes.js';
import { placesRoutes } from './routes/places-routes.js';
import { installSecurityHeaders } from './security-headers.js';
import { uiRoutes } from './ui/ui-routes.js';

export interface ApiServerOptions {
  /** Login attempts per client address per window (default 10 per minute). */
  readonly loginRateLimit?: { readonly max: number; readonly timeWindow: number };
  readonly live?: HubOptions;
}

/** Builds the HTTP API and reviewer UI (not listening yet, so tests can use `inject`). */
export async function buildApiServer(runtime: Runtime, options: ApiServerOptions = {}): Promise<FastifyInstance> {
  // Bodies are notes and small forms; 64 KiB is ample and bounds what a client can make us parse.
  // Routes that take more (config import) raise their own limit.
  const app = Fastify({
    loggerInstance: runtime.logger.child({ component: 'api' }) as FastifyBaseLogger,
    // Errors are logged by our error handler with the request id; a line per request is noise.
    logController: new LogController({ disableRequestLogging: true }),
    // Unique across processes, so a user quoting the id of a 500 finds its log line.
    genReqId: () => randomUUID(),
    bodyLimit: 65_536,
    trustProxy: runtime.env.PLACEWATCH_TRUST_PROXY === '1',
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const secure = runtime.publicUrl.startsWith('https:');
  const hub = new AlertChangeHub(runtime, options.live);
  const deps: ApiDeps = { runtime, hub, secure, loginRateLimit: options.loginRateLimit ?? { max: 10, timeWindow: 60_000 } };

  await installSecurityHeaders(app, secure);
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 65_536 });
  await app.register(rateLimit, {
    global: false,
    redis: runtime.redis,
    nameSpace: `${runtime.queuePrefix}:rate-limit:`,
    // Counted per client address; a Redis hiccup must not lock everyone out of logging in.
    skipOnError: true,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: `too many attempts; retry in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'placewatch API',
        version: '1',
        description: 'Triage of threat alerts. Authenticate with the session cookie (+ x-csrf-token on writes) or `Authorization: Bearer pwt_…`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'pw_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  installErrorHandler(app);
  installAuthentication(app, runtime);

  for (const plugin of [
    healthRoutes,
    metricsRoutes,
    authRoutes,
    alertReadRoutes,
    alertActionRoutes,
    alertBulkRoutes,
    silenceRoutes,
    feedPlaceRoutes,
    configRoutes,
    configFeedRoutes,
    placesRoutes,
    userRoutes,
    subscriptionRoutes,
    notificationRoutes,
    tokenRoutes,
    streamRoutes,
    docsRoutes,
    uiRoutes,
  ]) {
    await app.register(plugin, deps);
  }

  // Partners push posts here; the plugin parses raw bodies in its own scope to check signatures.
  await app.register(webhookIngestRoutes, { runtime });

  app.addHook('onReady', () => hub.start());
  app.addHook('onClose', () => hub.stop());
  return app;
}
