import type { FastifyInstance } from 'fastify';
import { buildApiServer } from '../api/index.js';
import type { Runtime } from '../runtime/index.js';
import { ensureDemoAdmin } from '../users/index.js';

/** The api role: the HTTP API and reviewer UI on HOST:PORT. */
export async function startApi(runtime: Runtime, loginOut: NodeJS.WritableStream = process.stdout): Promise<FastifyInstance> {
  const app = await buildApiServer(runtime);
  await app.listen({ host: runtime.env.HOST, port: runtime.env.PORT });
  runtime.logger.info({ url: runtime.publicUrl }, 'api listening');
  runtime.onClose(() => app.close());
  // First start on an empty database: create the admin and print its login once, so the UI is usable.
  await ensureDemoAdmin(runtime, loginOut);
  return app;
}
