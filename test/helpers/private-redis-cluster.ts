import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { waitUntil } from './wait-until.js';

/** A Redis Cluster of three masters (no replicas) on loopback, in a temp dir of its own. */
export interface PrivateRedisCluster {
  /** `redis+cluster://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3`, as REDIS_URL takes it. */
  readonly url: string;
  readonly ports: readonly number[];
  destroy(): Promise<void>;
}

/** Each node also listens on port + 10000 (the cluster bus), so both must be free and below 65536. */
const BUS_OFFSET = 10_000;

/** Whether `redis-server` and `redis-cli` (which creates the cluster) are on the PATH. */
export function hasRedisClusterTools(): boolean {
  const found = (bin: string) => spawnSync(bin, ['--version'], { encoding: 'utf8' }).status === 0;
  return found('redis-server') && found('redis-cli');
}

/**
 * Starts three `redis-server --cluster-enabled yes` nodes on free ports, joins them with
 * `redis-cli --cluster create` (the 16384 slots split three ways) and waits for `cluster_state:ok`
 * on every node. No persistence: the cluster lives as long as the test.
 */
export async function startPrivateRedisCluster(nodes = 3): Promise<PrivateRedisCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-redis-cluster-'));
  const children: ChildProcess[] = [];
  const destroy = async () => {
    await Promise.all(children.map(stop));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const ports: number[] = [];
    while (ports.length < nodes) {
      const { port, child } = await startNodeOnFreePort(dir, ports);
      ports.push(port);
      children.push(child);
    }
    await createCluster(ports);
    await Promise.all(ports.map((port) => waitForClusterOk(port)));
    return { url: `redis+cluster://${ports.map((port) => `127.0.0.1:${port}`).join(',')}`, ports, destroy };
  } catch (error) {
    await destroy();
    throw error;
  }
}

/**
 * A node on a port found free, answering PING. Another process may take the port between the check
 * and the node's bind (the suite's other fork opens connections all the time): then another port.
 */
async function startNodeOnFreePort(dir: string, taken: readonly number[]): Promise<{ port: number; child: ChildProcess }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freeClusterPort(taken);
    const child = startNode(dir, port);
    try {
      await waitForPing(port, child, dir);
      return { port, child };
    } catch (error) {
      await stop(child);
      if (attempt >= 5 || !/Address already in use/.test((error as Error).message)) throw error;
    }
  }
}

function startNode(dir: string, port: number): ChildProcess {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'no'];
  args.push('--cluster-enabled', 'yes', '--cluster-config-file', path.join(dir, `nodes-${port}.conf`), '--cluster-node-timeout', '5000');
  args.push('--appendonly', 'no', '--save', '', '--maxmemory-policy', 'noeviction', '--dir', dir);
  args.push('--logfile', logFile(dir, port), '--daemonize', 'no');
  return spawn('redis-server', args, { stdio: 'ignore' });
}

/** Asynchronous, like every wait in a test: a worker blocked for long misses vitest's own calls. */
function createCluster(ports: readonly number[]): Promise<void> {
  const nodes = ports.map((port) => `127.0.0.1:${port}`);
  return new Promise((resolve, reject) => {
    execFile(
      'redis-cli',
      ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'],
      { encoding: 'utf8', timeout: 30_000 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`redis-cli --cluster create failed (${error.code ?? error.message}): ${stdout}\n${stderr}`)) : resolve(),
    );
  });
}

async function waitForPing(port: number, child: ChildProcess, dir: string): Promise<void> {
  await waitUntil(
    async () => {
      if (child.exitCode !== null) throw new Error(`redis-server on ${port} exited with ${child.exitCode}: ${readLog(dir, port)}`);
      return (await ask(port, (redis) => redis.ping())) === 'PONG';
    },
    15_000,
    `redis-server on port ${port} to answer`,
  );
}

/** A node says ok once it has seen every slot assigned and its peers agree. */
async function waitForClusterOk(port: number): Promise<void> {
  await waitUntil(
    async () => /cluster_state:ok/.test((await ask(port, (redis) => redis.cluster('INFO'))) ?? ''),
    20_000,
    `the cluster node on ${port} to report cluster_state:ok`,
  );
}

/** One command on a plain (non-cluster) connection to a node; null when it does not answer yet. */
async function ask<T>(port: number, command: (redis: Redis) => Promise<T>): Promise<T | null> {
  const redis = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await command(redis);
  } catch {
    return null;
  } finally {
    redis.disconnect();
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/**
 * A free port with its cluster bus port (+10000) free too, both below the kernel's ephemeral range
 * (where outgoing connections take their local ports, so a port free now may be taken a moment later).
 */
async function freeClusterPort(taken: readonly number[]): Promise<number> {
  const span = Math.max(1_000, ephemeralStart() - BUS_OFFSET - 20_000);
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * span);
    if (!taken.includes(port) && (await canListen(port)) && (await canListen(port + BUS_OFFSET))) return port;
  }
  throw new Error('no free port pair (port, port + 10000) found for a cluster node');
}

/** The first port of Linux's ephemeral range (32768 by default; elsewhere that default). */
function ephemeralStart(): number {
  try {
    const first = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(first) && first > 0 ? first : 32_768;
  } catch {
    return 32_768;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function logFile(dir: string, port: number): string {
  return path.join(dir, `redis-${port}.log`);
}

function readLog(dir: string, port: number): string {
  try {
    return readFileSync(logFile(dir, port), 'utf8').slice(-2000);
  } catch {
    return '(no log)';
  }
}
