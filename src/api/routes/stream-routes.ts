import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { inScope } from '../../alerts/index.js';
import { findUserByApiToken, isSessionLive } from '../../auth/index.js';
import { ApiError } from '../api-error.js';
import type { ApiDeps } from '../api-deps.js';
import { actorOf } from '../alert-access.js';
import { toAlertView } from '../alert-view.js';
import type { LiveChange } from '../live/alert-change-hub.js';
import { RevocationWatch } from '../live/revocation-watch.js';
import { authErrors } from '../schemas/common-schemas.js';

const HEARTBEAT_MS = 15_000;
/** Streams one user may hold open at once (tabs), so nobody can exhaust the server's sockets. */
const MAX_STREAMS_PER_USER = 8;

/**
 * Server-sent events of alert changes: `alert` with the alert's summary (scoped: officers hear only
 * their places), `silence` when a silence starts or ends. A stream lives only as long as the
 * credential that opened it: it closes at once when a revocation of its user's sessions or tokens is
 * announced (logout, token revoke, disable, reset) and the re-check finds its own gone, and the
 * comment sent every 15 s to keep proxies from closing it re-checks too (expiry, unannounced changes).
 */
export const streamRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const db = deps.runtime.database.db;
  const open = new Map<number, number>();
  const streams = new Set<() => void>();
  const revocations = new RevocationWatch(deps.runtime);
  await revocations.start();
  app.addHook('onClose', async () => revocations.stop());
  // Before the server stops accepting: open streams would otherwise hold close() forever.
  app.addHook('preClose', async () => {
    for (const close of [...streams]) close();
  });

  app.get(
    '/api/stream',
    {
      config: { auth: { permission: 'alerts:read' } },
      schema: {
        tags: ['alerts'],
        description: 'text/event-stream of `alert` and `silence` events.',
        response: { 200: z.string().describe('text/event-stream'), ...authErrors },
      },
    },
    async (request, reply) => {
      const principal = request.principal!;
      const userId = principal.user.id;
      if ((open.get(userId) ?? 0) >= MAX_STREAMS_PER_USER) throw new ApiError('RATE_LIMITED', 'too many open live streams');
      open.set(userId, (open.get(userId) ?? 0) + 1);
      const scope = actorOf(request).scope;
      const raw = reply.raw;
      reply.hijack();
      raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      raw.write('retry: 3000\n: connected\n\n');
      const send = (event: string, data: unknown) => raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const unsubscribe = deps.hub.subscribe((change: LiveChange) => {
        if (change.type === 'alert') {
          if (inScope(change.alert, scope)) send('alert', toAlertView(change.alert));
        } else {
          send('silence', { id: change.id, change: change.type });
        }
      });
      let closed = false;
      const credential = principal.session ? principal.session.id : request.headers.authorization!.slice(7).trim();
      // A database hiccup keeps the stream: revocation is re-checked at the next heartbeat or announcement.
      const stillAllowed = () => (principal.session ? isSessionLive(db, credential) : findUserByApiToken(db, credential).then(Boolean)).catch(() => true);
      const recheck = async () => {
        if (!closed && !(await stillAllowed())) close();
      };
      const heartbeat = setInterval(async () => {
        await recheck();
        if (!closed) raw.write(': ping\n\n');
      }, HEARTBEAT_MS);
      const unwatch = revocations.watch(userId, () => void recheck());
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unwatch();
        unsubscribe();
        streams.delete(close);
        open.set(userId, Math.max(0, (open.get(userId) ?? 1) - 1));
        raw.end();
      };
      streams.add(close);
      request.raw.on('close', close);
    },
  );
};
