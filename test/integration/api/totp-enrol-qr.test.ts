import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import { addUser } from '../../../src/users/index.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';
import { cookiePair, PASSWORD } from './api-fixtures.js';
import { openApiTestRuntime } from './api-runtime.js';

/** Enrolment shows a QR code of the otpauth URI, drawn on the server, beside the secret. */
let t: TestRuntime;
let app: FastifyInstance;

const unescape = (text: string) =>
  text.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
const qrPaths = (svg: string) => [...svg.matchAll(/<path [^>]*d="([^"]+)"/g)].map((m) => m[1]);

beforeAll(async () => {
  t = await openApiTestRuntime('apitotpqr');
  app = await buildApiServer(t.runtime, { loginRateLimit: { max: 1000, timeWindow: 60_000 } });
});

afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

describe('TOTP enrolment page', () => {
  it('shows an inline SVG QR code that encodes the very otpauth URI printed beside the secret', async () => {
    const email = 'qr-admin@example.org';
    await addUser(t.runtime.database.db, { email, role: 'admin', password: PASSWORD, actor: 'test' });
    const pre = await app.inject({ method: 'GET', url: '/api/auth/csrf' });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: cookiePair(pre.headers['set-cookie'], 'pw_csrf'), 'x-csrf-token': (pre.json() as { csrfToken: string }).csrfToken },
      payload: { email, password: PASSWORD },
    });
    expect(login.json()).toMatchObject({ stage: 'enrol' });
    const page = (await app.inject({ method: 'GET', url: '/enrol', headers: { cookie: cookiePair(login.headers['set-cookie'], 'pw_session') } })).body;

    const uri = unescape(/<code class="secret" id="totp-uri">([^<]+)<\/code>/.exec(page)![1]!);
    const secret = /<code class="secret" id="totp-secret">([^<]+)<\/code>/.exec(page)![1]!;
    expect(uri).toMatch(/^otpauth:\/\/totp\/placewatch:/);
    expect(uri).toContain(`secret=${secret}`);
    const svg = /<figure class="qr-code" id="totp-qr">(<svg [^]*?<\/svg>)/.exec(page)![1]!;
    expect(svg).toContain('role="img"');
    // No style attribute or data: URL: the strict CSP (style-src 'self', img-src 'self') allows it.
    expect(svg).not.toMatch(/style=|data:/);
    const expected = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    expect(qrPaths(svg)).toEqual(qrPaths(expected));
    expect(qrPaths(svg).length).toBeGreaterThan(0);
  });
});
