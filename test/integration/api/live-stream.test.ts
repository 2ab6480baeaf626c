import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import { updateAlert } from '../../../src/alerts/alert-repository.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';
import { addUser, findUserByEmail } from '../../../src/users/index.js';
import { login, PASSWORD, raiseAlert, seedAlert, seedUsers, tokenFor, type Session } from './api-fixtures.js';
import { openApiTestRuntime } from './api-runtime.js';

let t: TestRuntime;
let app: FastifyInstance;
let base: string;
let reviewer: Session;
let officer: Session;
let admin: Session;

/** Reads SSE events from /api/stream until `want` has matched or the deadline passes. */
async function collectEvents(
  session: Session,
  action: () => Promise<void>,
  want: (events: Array<{ event: string; data: { id?: string } }>) => boolean,
  ms = 8000,
) {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/stream`, { headers: { cookie: session.cookie }, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.getReader();
  const events: Array<{ event: string; data: { id?: string } }> = [];
  let buffer = '';
  const deadline = Date.now() + ms;
  const first = await reader.read(); // ': connected' — the subscription is live from here
  buffer += new TextDecoder().decode(first.value);
  await action();
  try {
    while (Date.now() < deadline && !want(events)) {
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
      if (!chunk || chunk.done) break;
      buffer += new TextDecoder().decode(chunk.value);
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
    }
  } finally {
    controller.abort();
  }
  return events;
}

beforeAll(async () => {
  t = await openApiTestRuntime('apilive');
  app = await buildApiServer(t.runtime, { loginRateLimit: { max: 1000, timeWindow: 60_000 }, live: { pollMs: 500 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const users = await seedUsers(t.runtime.database.db);
  reviewer = await login(app, users.reviewer);
  officer = await login(app, users.officer);
  admin = await login(app, users.admin);
});

afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

describe('live alert stream (SSE)', () => {
  it('announces an alert raised by another process (pub/sub hook) within a second or two', async () => {
    let id = '';
    const started = Date.now();
    const events = await collectEvents(
      reviewer,
      async () => {
        id = await raiseAlert(t.runtime, { text: 'live: they will burn Darat Izza' });
      },
      (e) => e.some((x) => x.data.id === id),
    );
    expect(events.find((e) => e.data.id === id)).toMatchObject({ event: 'alert', data: { id, status: 'new', place: 'darat-izza' } });
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('still announces a change nobody published, by polling updated_at', async () => {
    const { alertId } = await seedAlert(t.runtime.database.db, { text: 'quiet change Darat Izza' });
    await new Promise((r) => setTimeout(r, 800));
    const events = await collectEvents(
      reviewer,
      async () => {
        await updateAlert(t.runtime.database.db, alertId, { severity: 'critical' });
      },
      (e) => e.some((x) => x.data.id === alertId),
    );
    expect(events.some((e) => e.data.id === alertId)).toBe(true);
  });

  it("does not tell officers about other places' alerts", async () => {
    let other = '';
    let mine = '';
    const events = await collectEvents(
      officer,
      async () => {
        other = await raiseAlert(t.runtime, { placeId: 'saraqib', placeName: 'Saraqib', text: 'elsewhere' });
        mine = await raiseAlert(t.runtime, { text: 'mine Darat Izza' });
      },
      (e) => e.some((x) => x.data.id === mine),
    );
    expect(events.map((e) => e.data.id)).toContain(mine);
    expect(events.map((e) => e.data.id)).not.toContain(other);
  });

  it('refuses anonymous subscribers', async () => {
    expect((await fetch(`${base}/api/stream`)).status).toBe(401);
  });
});

/** Opens /api/stream with `headers`, runs `action`, and tells whether the server ended the stream within `ms`. */
async function streamEndsAfter(headers: Record<string, string>, action: () => Promise<void>, ms = 3000): Promise<boolean> {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/stream`, { headers, signal: controller.signal });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  await reader.read(); // ': connected'
  await action();
  const deadline = Date.now() + ms;
  try {
    while (Date.now() < deadline) {
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
      if (!chunk) return false;
      if (chunk.done) return true;
    }
    return false;
  } finally {
    controller.abort();
  }
}

async function newReviewer(): Promise<{ email: string; session: Session }> {
  const email = `live-${Math.random().toString(36).slice(2)}@example.org`;
  await addUser(t.runtime.database.db, { email, role: 'reviewer', password: PASSWORD, actor: 'test' });
  return { email, session: await login(app, { email, role: 'reviewer', totpSecret: null }) };
}

const post = (session: Session, url: string) =>
  app.inject({ method: 'POST', url, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, payload: {} });

describe('live stream ends with its credential', () => {
  it('closes at once when its session logs out', async () => {
    const { session } = await newReviewer();
    expect(
      await streamEndsAfter({ cookie: session.cookie }, async () => {
        expect((await post(session, '/api/auth/logout')).statusCode).toBe(200);
      }),
    ).toBe(true);
  });

  it('closes at once when its API token is revoked', async () => {
    const { email, session } = await newReviewer();
    const token = await tokenFor(t.runtime.database.db, email);
    const [listed] = (await app.inject({ method: 'GET', url: '/api/tokens', headers: { cookie: session.cookie } })).json().tokens as Array<{ id: number }>;
    expect(
      await streamEndsAfter({ authorization: `Bearer ${token}` }, async () => {
        expect((await post(session, `/api/tokens/${listed!.id}/revoke`)).statusCode).toBe(200);
      }),
    ).toBe(true);
  });

  it('closes the session and token streams of a user who is disabled', async () => {
    const { email, session } = await newReviewer();
    const token = await tokenFor(t.runtime.database.db, email);
    const id = (await findUserByEmail(t.runtime.database.db, email))!.id;
    let sessionStreamEnded = false;
    const tokenStreamEnded = await streamEndsAfter({ authorization: `Bearer ${token}` }, async () => {
      sessionStreamEnded = await streamEndsAfter({ cookie: session.cookie }, async () => {
        expect((await post(admin, `/api/users/${id}/disable`)).statusCode).toBe(200);
      });
    });
    expect(sessionStreamEnded).toBe(true);
    expect(tokenStreamEnded).toBe(true);
  });

  it("stays open when someone else's session ends", async () => {
    const mine = await newReviewer();
    const theirs = await newReviewer();
    expect(
      await streamEndsAfter(
        { cookie: mine.session.cookie },
        async () => {
          expect((await post(theirs.session, '/api/auth/logout')).statusCode).toBe(200);
        },
        1500,
      ),
    ).toBe(false);
  });
});
