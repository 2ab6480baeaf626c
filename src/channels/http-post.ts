import { request, type Agent } from 'undici';
import { checkAddress, findBlockedAddress, ipLiteralOf, parseRetryAfter, type AllowList } from '../net/index.js';
import { errorMessage } from '../errors.js';
import { NotifyError } from './notify-error.js';

export interface HttpPostOptions {
  /** From createSafeAgent: every connection's peer is checked against the private-address policy. */
  readonly agent: Agent;
  readonly allow: AllowList;
  readonly timeoutMs: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Keep up to this many bytes of the answer (Telegram explains a 429 in its body). */
  readonly keepBody?: number;
  /** Statuses that retrying cannot fix for this receiver (410 always is). */
  readonly permanentStatuses?: ReadonlySet<number>;
  /** A Retry-After carried in the body rather than the header. */
  readonly retryAfterFromBody?: (body: string) => number | null;
}

export interface HttpPostResult {
  readonly statusCode: number;
  readonly body: string;
}

const USER_AGENT = 'placewatch-notifier/0.1';

/**
 * POSTs a JSON body. Redirects are refused, never followed: a receiver that moved must be
 * reconfigured, and following would let a public URL bounce us to a private one. Failures are
 * NotifyErrors: refused addresses and redirects are permanent; other statuses, timeouts and network
 * errors retry, honouring Retry-After.
 */
export async function postJson(url: string, body: string, options: HttpPostOptions): Promise<HttpPostResult> {
  const target = checkTargetUrl(url, options.allow);
  let response;
  try {
    response = await request(target, {
      method: 'POST',
      dispatcher: options.agent,
      headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...options.headers },
      body,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw classifyRequestError(error, target);
  }
  const text = await readBody(response.body, options.keepBody ?? 0);
  const status = response.statusCode;
  if (status >= 200 && status < 300) return { statusCode: status, body: text };
  if (status >= 300 && status < 400) {
    throw new NotifyError('NOTIFY_REDIRECT_REFUSED', `receiver answered HTTP ${status} (redirect); redirects are not followed`, {
      permanent: true,
      statusCode: status,
    });
  }
  const retryAfter = parseRetryAfter(header(response.headers, 'retry-after')) ?? options.retryAfterFromBody?.(text) ?? null;
  throw new NotifyError('NOTIFY_HTTP_STATUS', `receiver answered HTTP ${status}`, {
    // 410 Gone says the endpoint will not come back; most other statuses may recover.
    permanent: status === 410 || (options.permanentStatuses?.has(status) ?? false),
    statusCode: status,
    retryAfterMs: retryAfter,
  });
}

/** Rejects non-HTTP URLs, credentials in URLs, and private IP literals before any socket opens. */
export function checkTargetUrl(raw: string, allow: AllowList): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new NotifyError('NOTIFY_MISCONFIGURED', 'target is not a valid URL', { permanent: true });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NotifyError('NOTIFY_MISCONFIGURED', `only http(s) targets are allowed, not ${url.protocol}`, { permanent: true });
  }
  const literal = ipLiteralOf(url.hostname);
  if (literal) {
    const verdict = checkAddress(literal, url.hostname, allow);
    if (!verdict.allowed) {
      throw new NotifyError('NOTIFY_BLOCKED_ADDRESS', `${url.hostname} is a ${verdict.category} address; refusing to deliver`, { permanent: true });
    }
  }
  return url;
}

function classifyRequestError(error: unknown, url: URL): NotifyError {
  const blocked = findBlockedAddress(error);
  if (blocked) {
    return new NotifyError('NOTIFY_BLOCKED_ADDRESS', `${url.hostname}: ${blocked.message}`, { permanent: true, cause: error });
  }
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError' || /timeout/i.test((error as { code?: string }).code ?? '')) {
    return new NotifyError('NOTIFY_TIMEOUT', `no answer from ${url.host} in time`, { cause: error });
  }
  return new NotifyError('NOTIFY_NETWORK', `cannot reach ${url.host}: ${errorMessage(error)}`, { cause: error });
}

async function readBody(body: AsyncIterable<Buffer> & { dump(opts?: { limit: number }): Promise<void> }, keep: number): Promise<string> {
  if (keep <= 0) {
    await body.dump({ limit: 64 * 1024 }).catch(() => undefined);
    return '';
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      if (size < keep) chunks.push(chunk.subarray(0, keep - size));
      size += chunk.length;
      if (size >= keep) break;
    }
  } catch {
    // The status is what matters; a broken body after it changes nothing.
  }
  await body.dump({ limit: 0 }).catch(() => undefined);
  return Buffer.concat(chunks).toString('utf8');
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
