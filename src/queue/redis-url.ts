import { redactUrl } from '../env/index.js';
import { PlacewatchError } from '../errors.js';

/** One node of a Redis Cluster, as a seed: ioredis discovers the others from it. */
export interface ClusterSeed {
  readonly host: string;
  readonly port: number;
}

/** Where REDIS_URL points: one server, or a Redis Cluster given by some of its nodes. */
export type RedisTarget =
  | { readonly kind: 'server'; readonly url: string; readonly where: string }
  | {
      readonly kind: 'cluster';
      readonly seeds: readonly ClusterSeed[];
      readonly username?: string;
      readonly password?: string;
      readonly tls: boolean;
      /** The URL with its password hidden, for messages and logs. */
      readonly where: string;
    };

const CLUSTER_URL = /^(rediss?)\+cluster:\/\/(?:([^@/]*)@)?([^/?#@]+)\/?$/;
const SEED = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+):(\d{1,5})$/;

/**
 * Reads REDIS_URL. `redis://` and `rediss://` name one server; `redis+cluster://` (TLS:
 * `rediss+cluster://`) names a Redis Cluster by a comma-separated list of seed nodes, with the
 * credentials every node shares.
 *
 * @example parseRedisUrl('redis+cluster://:secret@10.0.0.1:7000,10.0.0.2:7000')
 */
export function parseRedisUrl(url: string): RedisTarget {
  const match = CLUSTER_URL.exec(url);
  if (!match) {
    if (url.includes('+cluster://')) throw invalid(url, 'expected redis+cluster://[user:password@]host:port[,host:port…]');
    return { kind: 'server', url, where: redactUrl(url) };
  }
  const [, scheme, userInfo, hostList] = match;
  const seeds = hostList!.split(',').map((seed) => parseSeed(url, seed.trim()));
  const [username, password] = splitUserInfo(userInfo);
  const shown = userInfo === undefined ? '' : `${username ?? ''}${password === undefined ? '' : ':***'}@`;
  return {
    kind: 'cluster',
    seeds,
    ...(username ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    tls: scheme === 'rediss',
    where: `${scheme}+cluster://${shown}${hostList}`,
  };
}

/** The URL with its password hidden, for either form. */
export function redactRedisUrl(url: string): string {
  try {
    return parseRedisUrl(url).where;
  } catch {
    return '(unparseable URL)';
  }
}

function parseSeed(url: string, seed: string): ClusterSeed {
  const match = SEED.exec(seed);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) throw invalid(url, `"${seed}" is not host:port`);
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

function splitUserInfo(userInfo: string | undefined): [string | undefined, string | undefined] {
  if (userInfo === undefined) return [undefined, undefined];
  const colon = userInfo.indexOf(':');
  if (colon < 0) return [decodeURIComponent(userInfo) || undefined, undefined];
  return [decodeURIComponent(userInfo.slice(0, colon)) || undefined, decodeURIComponent(userInfo.slice(colon + 1))];
}

function invalid(url: string, reason: string): PlacewatchError {
  return new PlacewatchError('ENV_INVALID', `REDIS_URL ${redactRedisUrlLoosely(url)}: ${reason}`);
}

/** Hides anything between "://" and "@" when the URL cannot be parsed. */
function redactRedisUrlLoosely(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
