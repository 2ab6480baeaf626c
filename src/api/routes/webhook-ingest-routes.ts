import { Transform, type Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { FeedConfigOf } from '../../config/index.js';
import { errorMessage, isPlacewatchError } from '../../errors.js';
import { bearerMatches, checkSignatureHeaders, parseMappedJsonPayload, readSecretEnv, verifyWebhookSignature, WEBHOOK_TOLERANCE_S } from '../../feeds/index.js';
import { acceptPushedPosts } from '../../polling/index.js';
import type { Runtime } from '../../runtime/index.js';

type WebhookFeed = FeedConfigOf<'webhook'>;

export interface WebhookIngestOptions {
  readonly runtime: Runtime;
  /** Where secret_env variables are read; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: () => Date;
}

/** The largest body any webhook feed may configure; the per-feed limit is checked first. */
const HARD_BODY_LIMIT = 10 * 1024 * 1024;
// A replayed id is remembered for twice the timestamp tolerance: past that, the timestamp check refuses it.
const REPLAY_TTL_S = WEBHOOK_TOLERANCE_S * 2;

function feedOf(runtime: Runtime, name: string): WebhookFeed | null {
  const feed = runtime.config.current.config.feeds.feeds.find((f) => f.name === name);
  return feed && feed.kind === 'webhook' && feed.enabled ? feed : null;
}

function refuse(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ error: code, message });
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function signatureHeaders(request: FastifyRequest) {
  return { id: header(request, 'webhook-id'), timestamp: header(request, 'webhook-timestamp'), signature: header(request, 'webhook-signature') };
}

/** The feed's secret, or undefined when it is not set (the handler answers 503 for that). */
function optionalSecret(feed: WebhookFeed, env: NodeJS.ProcessEnv): string | undefined {
  try {
    return readSecretEnv(feed.secret_env, feed.name, env);
  } catch {
    return undefined;
  }
}

/** Passes a body through until it exceeds `maxBytes`, then fails it with a 413. */
function capStream(payload: Readable, maxBytes: number): Readable {
  let seen = 0;
  const capped = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > maxBytes) {
        callback(Object.assign(new Error(`body larger than ${maxBytes} bytes`), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' }));
        return;
      }
      callback(null, chunk);
    },
  });
  payload.on('error', (error) => capped.destroy(error));
  return payload.pipe(capped);
}

/**
 * POST /ingest/:feed for partners pushing posts. Authenticated per feed by a Standard Webhooks HMAC
 * signature (webhook-id, webhook-timestamp, webhook-signature "v1,<base64>") or a bearer token, the
 * secret read from the env variable the feed names. Stale timestamps, replayed ids (Redis SET NX
 * with a TTL) and oversized bodies are refused with a 4xx before anything is stored; accepted posts
 * are handed to polling (acceptPushedPosts), which takes them like a polled page.
 *
 * @example await app.register(webhookIngestRoutes, { runtime });
 */
export const webhookIngestRoutes: FastifyPluginAsync<WebhookIngestOptions> = async (app, options) => {
  const { runtime } = options;
  const env = options.env ?? process.env;
  const now = options.now ?? (() => new Date());

  // Raw bytes are needed to check the signature, so this scope reads every body as a buffer.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: HARD_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.post<{ Params: { feed: string } }>(
    '/ingest/:feed',
    {
      bodyLimit: HARD_BODY_LIMIT,
      config: { auth: 'signature' },
      // No params schema: the feed name is looked up among configured feeds, anything else is a 404.
      // Refuse unknown feeds, announced oversize bodies and requests that cannot be authentic
      // (no signature headers, a stale timestamp, a wrong bearer token) before reading a byte of them.
      onRequest: async (request, reply) => {
        const feed = feedOf(runtime, (request.params as { feed: string }).feed);
        if (!feed) return refuse(reply, 404, 'NOT_FOUND', 'no webhook feed of that name');
        const declared = Number(header(request, 'content-length') ?? NaN);
        if (declared > feed.max_body_bytes) return refuse(reply, 413, 'PAYLOAD_TOO_LARGE', `body larger than ${feed.max_body_bytes} bytes`);
        if (feed.auth === 'hmac') {
          const early = checkSignatureHeaders(signatureHeaders(request), now());
          if (!early.ok) return refuse(reply, 401, 'UNAUTHORIZED', `signature check failed: ${early.reason}`);
        } else {
          const secret = optionalSecret(feed, env);
          if (secret && !bearerMatches(secret, header(request, 'authorization'))) {
            return refuse(reply, 401, 'UNAUTHORIZED', 'missing or wrong bearer token');
          }
        }
      },
      // A chunked body announces no length: count it as it streams and stop at the feed's own limit,
      // not at the 10 MB every webhook route could take.
      preParsing: async (request, _reply, payload) => {
        const feed = feedOf(runtime, (request.params as { feed: string }).feed);
        return feed ? capStream(payload, feed.max_body_bytes) : payload;
      },
    },
    async (request, reply) => {
      const feed = feedOf(runtime, request.params.feed);
      if (!feed) return refuse(reply, 404, 'NOT_FOUND', 'no webhook feed of that name');
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (body.length > feed.max_body_bytes) return refuse(reply, 413, 'PAYLOAD_TOO_LARGE', `body larger than ${feed.max_body_bytes} bytes`);
      const log = runtime.logger.child({ feed: feed.name });
      let secret: string;
      try {
        secret = readSecretEnv(feed.secret_env, feed.name, env);
      } catch (error) {
        log.error({ err: errorMessage(error) }, 'webhook secret missing');
        return refuse(reply, 503, 'NOT_CONFIGURED', 'this webhook feed has no secret configured');
      }
      const webhookId = header(request, 'webhook-id');
      if (feed.auth === 'hmac') {
        const verdict = verifyWebhookSignature(secret, signatureHeaders(request), body, now());
        if (!verdict.ok) {
          log.warn({ reason: verdict.reason, webhookId }, 'webhook refused');
          return refuse(reply, 401, 'UNAUTHORIZED', `signature check failed: ${verdict.reason}`);
        }
      } else if (!bearerMatches(secret, header(request, 'authorization'))) {
        log.warn('webhook refused: bad bearer token');
        return refuse(reply, 401, 'UNAUTHORIZED', 'missing or wrong bearer token');
      }

      let parsed;
      try {
        parsed = parseMappedJsonPayload(body, feed.name, { mapping: feed.mapping, maxBytes: feed.max_body_bytes, langHint: feed.lang ?? null });
      } catch (error) {
        return refuse(reply, 400, isPlacewatchError(error) ? error.code : 'INPUT_INVALID', errorMessage(error));
      }

      // The signed id is remembered only after the signature holds, so nobody can burn a partner's ids.
      const replayKey = webhookId ? `${runtime.queuePrefix}:webhook-seen:${feed.name}:${webhookId.slice(0, 200)}` : null;
      if (replayKey) {
        const fresh = await runtime.redis.set(replayKey, '1', 'EX', REPLAY_TTL_S, 'NX');
        if (fresh !== 'OK') {
          log.warn({ webhookId }, 'webhook refused: replayed id');
          return refuse(reply, 409, 'REPLAYED', 'this webhook-id was already received');
        }
      }
      for (const item of parsed.skipped) log.warn({ position: item.position, reason: item.reason }, 'feed item skipped');
      const outcome = await acceptPushedPosts({ db: runtime.database.db, queues: runtime.queues }, feed.name, parsed);
      if (!outcome.queued) {
        // Not accepted: let the partner retry the same id.
        if (replayKey) await runtime.redis.del(replayKey).catch(() => undefined);
        log.error({ err: outcome.error }, 'webhook enqueue failed');
        return refuse(reply, 503, 'UNAVAILABLE', 'could not queue the posts; retry later');
      }
      log.info({ posts: parsed.posts.length, skipped: parsed.skipped.length }, 'webhook accepted');
      return reply.code(202).send({ accepted: parsed.posts.length, skipped: parsed.skipped });
    },
  );
};
