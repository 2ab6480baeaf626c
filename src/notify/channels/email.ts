import nodemailer from 'nodemailer';
import type { GetSocketCallback } from 'nodemailer/lib/mailer/index.js';
import type { SmtpConfig } from '../../config/schema/routes.js';
import { errorMessage } from '../../errors.js';
import { connectChecked, findBlockedAddress, type AllowList } from '../../net/index.js';
import { toHtmlEmail, toPlainText } from '../message-formats.js';
import { NotifyError } from '../notify-error.js';
import { composeMessage } from '../render-message.js';
import type { ChannelContext, OutgoingNotification, SendOutcome } from './channel-context.js';
import { configuredSecret } from './secrets.js';

/** Sends one e-mail; a pooled SMTP transport per notifier process. */
export interface EmailSender {
  send(mail: { to: string; subject: string; text: string; html: string; messageId: string; idempotencyKey: string; lang: string }): Promise<void>;
  close(): void;
}

/**
 * An SMTP sender from the routes.yaml `smtp` section, credentials from the environment. Every
 * connection goes through the private-address policy, as HTTP deliveries do: the SMTP host is
 * operator-controlled, and an internal mail relay must be allowlisted like any other private target.
 */
export function createEmailSender(
  config: SmtpConfig,
  env: Readonly<Record<string, string | undefined>>,
  timeoutMs: number,
  allow: AllowList,
): EmailSender {
  // A refused variable name fails each send (permanently), not the notifier that builds the pool.
  let refused: NotifyError | null = null;
  let auth: { user: string; pass: string } | undefined;
  try {
    const user = config.user_env ? configuredSecret(env, config.user_env) : undefined;
    const pass = config.password_env ? configuredSecret(env, config.password_env) : undefined;
    if (user && pass) auth = { user, pass };
  } catch (error) {
    refused = error as NotifyError;
  }
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: config.require_tls && !config.secure,
    ...(auth ? { auth } : {}),
    // nodemailer dials the connection we hand it; TLS (and its host name check) still happen on top.
    getSocket: (_options: unknown, callback: GetSocketCallback) => {
      connectChecked(config.host, config.port, allow, timeoutMs).then(
        (connection) => callback(null, { connection }),
        (error: unknown) => callback(error as Error),
      );
    },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    pool: true,
    maxConnections: 2,
    logger: false,
  });
  return {
    send: async (mail) => {
      if (refused) throw refused;
      try {
        await transport.sendMail({
          from: config.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          headers: { 'X-Placewatch-Idempotency-Key': mail.idempotencyKey, 'Content-Language': mail.lang, 'Auto-Submitted': 'auto-generated' },
        });
      } catch (error) {
        throw smtpError(error);
      }
    },
    close: () => transport.close(),
  };
}

/** SMTP 5xx replies are final (no such mailbox, policy refusal); 4xx and network trouble retry. */
function smtpError(error: unknown): NotifyError {
  const blocked = findBlockedAddress(error);
  if (blocked) {
    return new NotifyError('NOTIFY_BLOCKED_ADDRESS', `SMTP host refused: ${blocked.message}`, { permanent: true, cause: error });
  }
  const responseCode = (error as { responseCode?: number }).responseCode;
  const permanent = typeof responseCode === 'number' && responseCode >= 500;
  return new NotifyError('NOTIFY_SMTP', `SMTP delivery failed: ${errorMessage(error).slice(0, 300)}`, {
    permanent,
    statusCode: responseCode ?? null,
    cause: error,
  });
}

/** Sends an alert or digest e-mail: plain text and HTML, right-to-left for Arabic. */
export async function sendEmail(message: OutgoingNotification, ctx: ChannelContext): Promise<SendOutcome> {
  if (!ctx.email) throw new NotifyError('NOTIFY_MISCONFIGURED', 'email channel needs the smtp section in routes.yaml', { permanent: true });
  const { detail, language, target } = message.subscription;
  const composed = composeMessage(message.notice, { detail, language, arabicPlaceName: ctx.arabicPlaceName });
  await ctx.email.send({
    to: target!,
    subject: composed.title,
    text: toPlainText(composed),
    html: toHtmlEmail(composed),
    // A stable Message-ID lets mail systems fold a redelivery into the first copy.
    messageId: `<${message.idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '.')}@placewatch>`,
    idempotencyKey: message.idempotencyKey,
    lang: language,
  });
  return { statusCode: 250 };
}
