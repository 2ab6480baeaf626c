import nodemailer from 'nodemailer';
import type { SmtpConfig } from '../../config/schema/routes.js';
import { errorMessage } from '../../errors.js';
import { toHtmlEmail, toPlainText } from '../message-formats.js';
import { NotifyError } from '../notify-error.js';
import { composeMessage } from '../render-message.js';
import type { ChannelContext, OutgoingNotification, SendOutcome } from './channel-context.js';

/** Sends one e-mail; a pooled SMTP transport per notifier process. */
export interface EmailSender {
  send(mail: { to: string; subject: string; text: string; html: string; messageId: string; idempotencyKey: string; lang: string }): Promise<void>;
  close(): void;
}

/** An SMTP sender from the routes.yaml `smtp` section, credentials from the environment. */
export function createEmailSender(config: SmtpConfig, env: Readonly<Record<string, string | undefined>>, timeoutMs: number): EmailSender {
  const user = config.user_env ? env[config.user_env] : undefined;
  const pass = config.password_env ? env[config.password_env] : undefined;
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: config.require_tls && !config.secure,
    ...(user && pass ? { auth: { user, pass } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    pool: true,
    maxConnections: 2,
    logger: false,
  });
  return {
    send: async (mail) => {
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
