import { createHmac, timingSafeEqual, createHash } from 'node:crypto';

/** Largest clock difference accepted on webhook-timestamp (Standard Webhooks recommends 5 minutes). */
export const WEBHOOK_TOLERANCE_S = 5 * 60;

/** The HMAC key of a secret: "whsec_<base64>" as Standard Webhooks issues them, else the text's bytes. */
export function webhookKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret, 'utf8');
}

/** base64 HMAC-SHA256 of "id.timestamp.body": the v1 signature of Standard Webhooks. */
export function signWebhook(secret: string, id: string, timestamp: string, body: Buffer | string): string {
  return createHmac('sha256', webhookKey(secret)).update(`${id}.${timestamp}.`).update(body).digest('base64');
}

export type SignatureVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: 'missing-headers' | 'bad-timestamp' | 'stale' | 'bad-signature' };

/**
 * What can be judged before the body arrives: the three headers are there and the timestamp is
 * within the tolerance. A request failing this is refused without reading its body.
 */
export function checkSignatureHeaders(headers: { id?: string; timestamp?: string; signature?: string }, now: Date = new Date()): SignatureVerdict {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing-headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad-timestamp' };
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > WEBHOOK_TOLERANCE_S) return { ok: false, reason: 'stale' };
  return { ok: true };
}

/**
 * Verifies Standard Webhooks headers: a timestamp within the tolerance, and one of the
 * space-separated "v1,<base64>" signatures matching (compared in constant time).
 */
export function verifyWebhookSignature(
  secret: string,
  headers: { id?: string; timestamp?: string; signature?: string },
  body: Buffer,
  now: Date = new Date(),
): SignatureVerdict {
  const { id, timestamp, signature } = headers;
  const early = checkSignatureHeaders(headers, now);
  if (!early.ok || !id || !timestamp || !signature) return early.ok ? { ok: false, reason: 'missing-headers' } : early;
  const expected = Buffer.from(signWebhook(secret, id, timestamp, body), 'base64');
  for (const part of signature.split(' ')) {
    const [version, value] = part.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: 'bad-signature' };
}

/** Compares a presented bearer token with the expected one in constant time (hashes have equal length). */
export function bearerMatches(expected: string, authorization: string | undefined): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return false;
  const a = createHash('sha256').update(match[1]!).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
