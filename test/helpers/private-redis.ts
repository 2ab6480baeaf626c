import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './private-postgres.js';
import { waitUntil } from './wait-until.js';

/** A redis-server of a test's own, persisting every write to its AOF, that the test may kill and restart. */
export interface PrivateRedis {
  readonly url: string;
  /** Starts it again on the same port and data dir: it reloads what its AOF holds. */
  start(): Promise<void>;
  /** SIGKILL, as a crash: no shutdown save, only what the AOF already has survives. */
  kill(): Promise<void>;
  destroy(): Promise<void>;
}

/** Whether a redis-server binary is on the PATH. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** Starts redis-server on a free port with `--appendonly yes --appendfsync always` in a temp dir. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always'];
  // No RDB snapshots: what survives a kill is what the AOF holds, as the scenario intends.
  args.push('--save', '', '--maxmemory-policy', 'noeviction', '--protected-mode', 'no', '--logfile', path.join(dir, 'log'));

  const start = async () => {
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    server = child;
    await waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}; see ${path.join(dir, 'log')}`);
        const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        probe.on('error', () => undefined);
        try {
          await probe.connect();
          // Answers only once the AOF is loaded (LOADING errors before).
          return (await probe.ping()) === 'PONG';
        } catch {
          return false;
        } finally {
          probe.disconnect();
        }
      },
      30_000,
      'the private redis-server to accept connections',
    );
  };
  const kill = async () => {
    const child = server;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url,
    start,
    kill,
    destroy: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
