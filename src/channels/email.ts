import type { Transporter } from 'nodemailer';
import type { GetSocketCallback } from 'nodemailer/lib/mailer/index.js';
import { z } from 'zod';
import { secretEnvNameSchema } from '../env/index.js';
import { errorMessage } from '../errors.js';
import type { AllowList } from '../net/index.js';
import { toHtmlEmail, toPlainText } from './message-formats.js';
import { NotifyError } from './notify-error.js';
import { composeMessage } from './render-message.js';
import { missingTarget, type ChannelContext, type NotificationChannel, type OutgoingNotification, type SendOutcome } from './channel.js';
import { configuredSecret } from './secrets.js';

/** SMTP relay for the email channel (routes.yaml `smtp`); credentials come from the environment. */
export const smtpSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(587),
    /** true: TLS from the first byte (port 465); false: STARTTLS when offered. */
    secure: z.boolean().default(false),
    require_tls: z.boolean().default(true),
    from: z.string().min(3),
    user_env: secretEnvNameSchema.optional(),
    password_env: secretEnvNameSchema.optional(),
  })
  .strict();
export type SmtpConfig = z.infer<typeof smtpSchema>;

const fileSections = { smtp: smtpSchema.optional() };
const sectionsSchema = z.object(fileSections);

const emailAddress = z.string().regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, 'expected an e-mail address');

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
export function createEmailSender(config: SmtpConfig, env: Readonly<Record<string, string | undefined>>, timeoutMs: number, allow: AllowList): EmailSender {
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
  // nodemailer and src/net load with the first e-mail: this file is loaded with the config schema.
  const open = async (): Promise<{ transport: Transporter; net: typeof import('../net/index.js') }> => {
    const [{ default: nodemailer }, net] = await Promise.all([import('nodemailer'), import('../net/index.js')]);
    const transport = nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      requireTLS: config.require_tls && !config.secure,
      ...(auth ? { auth } : {}),
      // nodemailer dials the connection we hand it; TLS (and its host name check) still happen on top.
      getSocket: (_options: unknown, callback: GetSocketCallback) => {
        net.connectChecked(config.host, config.port, allow, timeoutMs).then(
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
    return { transport, net };
  };
  let opened: ReturnType<typeof open> | null = null;
  return {
    send: async (mail) => {
      if (refused) throw refused;
      opened ??= open();
      const { transport, net } = await opened;
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
        throw smtpError(error, net.findBlockedAddress(error));
      }
    },
    close: () => {
      void opened?.then(
        ({ transport }) => transport.close(),
        () => undefined,
      );
    },
  };
}

/** SMTP 5xx replies are final (no such mailbox, policy refusal); 4xx and network trouble retry. */
function smtpError(error: unknown, blocked: Error | null): NotifyError {
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

/**
 * Sends an alert or digest e-mail: plain text and HTML, right-to-left for Arabic. One pooled SMTP
 * transport per notifier process, rebuilt when the smtp section changes (hot reload).
 */
async function sendEmail(message: OutgoingNotification, ctx: ChannelContext): Promise<SendOutcome> {
  const smtp = sectionsSchema.parse(ctx.routes).smtp;
  if (!smtp) throw new NotifyError('NOTIFY_MISCONFIGURED', 'email channel needs the smtp section in routes.yaml', { permanent: true });
  const sender = ctx.resources.get(
    'email:smtp',
    smtp,
    () => createEmailSender(smtp, ctx.env, ctx.timeoutMs, ctx.allow),
    (pool) => pool.close(),
  );
  const { detail, language, target } = message.subscription;
  const composed = composeMessage(message.notice, { detail, language, arabicPlaceName: ctx.arabicPlaceName });
  await sender.send({
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

export const emailChannel: NotificationChannel = {
  kind: 'email',
  defaultDetail: 'full',
  validateTarget: (target) => {
    if (target === null) return missingTarget('email');
    return emailAddress.safeParse(target).success ? null : 'expected an e-mail address';
  },
  fileSections,
  routeFileProblems: (_route, file) => (file.smtp ? [] : [{ path: 'channel', message: 'email routes need an smtp section' }]),
  send: sendEmail,
};
