import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { PlacewatchError } from '../errors.js';

export interface EmbeddedRedis {
  readonly url: string;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  'install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis), ' +
  'or run `docker compose up -d redis` and set REDIS_URL=redis://127.0.0.1:6379, or set REDIS_URL to a server you have';

/**
 * Starts a private `redis-server` child on a free loopback port, with append-only persistence under
 * `<dataDir>/redis` so queued posts survive a restart. Stopped with the app (and killed with it:
 * the child is tied to our lifetime).
 */
export async function startEmbeddedRedis(dataDir: string, options: { persistent?: boolean } = {}): Promise<EmbeddedRedis> {
  const binary = findRedisServer();
  const dir = path.resolve(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      options.persistent === false ? 'no' : 'yes',
      '--dir',
      dir,
      '--maxmemory-policy',
      'noeviction',
      '--protected-mode',
      'yes',
      '--loglevel',
      'warning',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const url = `redis://127.0.0.1:${port}`;
  await waitUntilReady(url, child, () => stderr);
  const stopOnExit = () => child.kill('SIGTERM');
  process.once('exit', stopOnExit);
  return {
    url,
    stop: async () => {
      process.removeListener('exit', stopOnExit);
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function findRedisServer(): string {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const binary = found.stdout.trim();
  if (found.status !== 0 || !binary) {
    throw new PlacewatchError('REDIS_NOT_INSTALLED', `REDIS_URL is unset and no redis-server is on PATH: ${INSTALL_HINT}`);
  }
  return binary;
}

async function waitUntilReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new PlacewatchError('REDIS_UNREACHABLE', `embedded redis-server exited (${child.exitCode}): ${stderr().trim()}`);
    }
    const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      probe.disconnect();
    }
  }
  child.kill('SIGKILL');
  throw new PlacewatchError('REDIS_UNREACHABLE', `embedded redis-server did not start within 10 s: ${stderr().trim()}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
