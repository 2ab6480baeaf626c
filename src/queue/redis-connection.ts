import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { PlacewatchError, errorMessage } from '../errors.js';
import { installFlatCommandWrites } from './flat-command-writes.js';
import { parseRedisUrl, type RedisTarget } from './redis-url.js';

/** A connection to one Redis server or to a Redis Cluster; every module takes either. */
export type RedisClient = Redis | Cluster;

/** Fails at once instead of retrying: a probe answers "reachable and usable?" and nothing more. */
const PROBE_OPTIONS: RedisOptions = { connectTimeout: 5_000, maxRetriesPerRequest: 0, retryStrategy: () => null };

/**
 * Opens a Redis connection for BullMQ (which needs `maxRetriesPerRequest: null`) and proves it:
 * an unreachable server fails in seconds with a clear message instead of retrying forever, and a
 * server that may evict keys (and so silently lose jobs) is refused. A `redis+cluster://` URL opens
 * an ioredis Cluster: every key we write carries the queue prefix's hash tag, so BullMQ's scripts,
 * our pipelines and MULTI stay within one slot.
 */
export async function connectRedis(url: string): Promise<RedisClient> {
  installFlatCommandWrites();
  const target = parseRedisUrl(url);
  const probe = openClient(target, { ...PROBE_OPTIONS, lazyConnect: true, enableOfflineQueue: false });
  let lastError: unknown;
  probe.on('error', (error) => (lastError = error));
  try {
    await probe.connect();
    for (const node of probe instanceof Cluster ? probe.nodes('master') : [probe]) await assertNoEviction(node, target.where);
  } catch (error) {
    if (error instanceof PlacewatchError) throw error;
    // The socket error (ECONNREFUSED, ENOTFOUND…) says more than "Connection is closed".
    throw new PlacewatchError('REDIS_UNREACHABLE', `cannot reach Redis at ${target.where}: ${describe(lastError ?? error)}`, { where: target.where });
  } finally {
    probe.disconnect();
  }
  const connection = openClient(target, { maxRetriesPerRequest: null, connectTimeout: 5_000 });
  connection.on('error', () => undefined); // reported by BullMQ and by the readiness check
  return connection;
}

/** A client for `target` with `options` for each server connection (a cluster applies them per node). */
function openClient(target: RedisTarget, options: RedisOptions): RedisClient {
  if (target.kind === 'server') return new Redis(target.url, options);
  // Node connections do not retry by themselves in a cluster: the cluster refreshes its slots instead.
  const { lazyConnect, enableOfflineQueue, retryStrategy, ...perNode } = options;
  const cluster: ClusterOptions = {
    redisOptions: { ...perNode, username: target.username, password: target.password },
    lazyConnect,
    enableOfflineQueue,
    // A probe gives up after the first round; a connection keeps retrying as ioredis does by default.
    ...(retryStrategy ? { clusterRetryStrategy: () => null } : {}),
  };
  if (target.tls) {
    cluster.redisOptions!.tls = {};
    // Managed clusters' certificates name hosts, so connect by the name, not the address DNS gives.
    cluster.dnsLookup = (address, callback) => callback(null, address);
  }
  return new Cluster(
    target.seeds.map((seed) => ({ host: seed.host, port: seed.port })),
    cluster,
  );
}

/** BullMQ requires `maxmemory-policy noeviction`: any other policy can drop queued jobs. */
async function assertNoEviction(redis: Redis, where: string): Promise<void> {
  const info = await redis.info('memory');
  const policy = /maxmemory_policy:(\S+)/.exec(info)?.[1];
  if (policy && policy !== 'noeviction') {
    throw new PlacewatchError(
      'REDIS_MISCONFIGURED',
      `Redis at ${where} has maxmemory-policy "${policy}"; placewatch needs "noeviction" so queued posts are never evicted (set it in redis.conf or with CONFIG SET maxmemory-policy noeviction)`,
      { where, policy },
    );
  }
}

function describe(error: unknown): string {
  const code = (error as { code?: string })?.code;
  const message = errorMessage(error);
  const described = code && !message.includes(code) ? `${message} (${code})` : message || String(code);
  // A cluster that cannot load its slots says why in the last node's error (refused, not a cluster…).
  const nodeError = (error as { lastNodeError?: unknown })?.lastNodeError;
  return nodeError ? `${described} ${describe(nodeError)}` : described;
}
