import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllowList } from '../../../src/net/index.js';
import { createEmailSender } from '../../../src/channels/email.js';
import { telegramApiBase } from '../../../src/channels/telegram.js';
import { NotifyError } from '../../../src/channels/index.js';

const mail = { to: 'officer@example.org', subject: 'alert', text: 'text', html: '<p>text</p>', messageId: '<m1@placewatch>', idempotencyKey: 'k1', lang: 'en' };

describe('outgoing mail and chat under the private-address policy', () => {
  let smtp: SMTPServer;
  let port: number;
  let received = 0;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => {
          received += 1;
          callback();
        });
      },
    });
    const server = smtp.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => smtp.close(() => r())));

  const sender = (host: string, allow: string[]) =>
    createEmailSender({ host, port, secure: false, require_tls: false, from: 'alerts@placewatch.test' }, {}, 3_000, parseAllowList(allow));

  it('refuses an SMTP host on a loopback address (literal or by name) when nothing allows it, permanently and before any mail', async () => {
    for (const host of ['127.0.0.1', 'localhost']) {
      const email = sender(host, []);
      const error = await email.send(mail).then(
        () => null,
        (e: unknown) => e,
      );
      email.close();
      expect(error).toBeInstanceOf(NotifyError);
      expect(error).toMatchObject({ code: 'NOTIFY_BLOCKED_ADDRESS', permanent: true });
    }
    expect(received).toBe(0);
  });

  it('delivers to a private relay the server explicitly allows', async () => {
    const email = sender('127.0.0.1', ['127.0.0.1']);
    await email.send(mail);
    email.close();
    expect(received).toBe(1);
  });

  it('sends the Telegram bot token only to the official API or a host the server allowlists', async () => {
    const none = parseAllowList([]);
    await expect(telegramApiBase('https://api.telegram.org/', none)).resolves.toBe('https://api.telegram.org');
    await expect(telegramApiBase('https://collector.example.net', none)).rejects.toThrow(/bot token is not sent there/);
    await expect(telegramApiBase('http://127.0.0.1:9000', none)).rejects.toThrow(NotifyError);
    await expect(telegramApiBase('http://127.0.0.1:9000', parseAllowList(['127.0.0.1']))).resolves.toBe('http://127.0.0.1:9000');
  });
});
