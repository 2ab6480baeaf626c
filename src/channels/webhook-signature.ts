import { createHmac } from 'node:crypto';
import { NotifyError } from './notify-error.js';

/**
 * The key bytes of a Standard Webhooks secret: base64 after an optional "whsec_" prefix, as the
 * reference libraries read it.
 */
export function webhookKeyBytes(secret: string): Buffer {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
    throw new NotifyError('NOTIFY_SECRET_MISSING', 'webhook secret must be "whsec_" followed by base64', { permanent: true });
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length < 16) throw new NotifyError('NOTIFY_SECRET_MISSING', 'webhook secret is shorter than 16 bytes', { permanent: true });
  return key;
}

/**
 * The `webhook-signature` header value: "v1,<base64 HMAC-SHA256 of id.timestamp.body>" for each
 * secret, space-separated, so during a rotation receivers holding either secret can verify.
 */
export function signWebhook(secrets: readonly string[], msgId: string, timestampSeconds: number, body: string): string {
  const content = `${msgId}.${timestampSeconds}.${body}`;
  return secrets.map((secret) => `v1,${createHmac('sha256', webhookKeyBytes(secret)).update(content).digest('base64')}`).join(' ');
}
