import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';
import { addEvidencePost, login, seedAlert, seedUsers, type Session } from './api-fixtures.js';
import { openApiTestRuntime } from './api-runtime.js';

let t: TestRuntime;
let app: FastifyInstance;
let reviewer: Session;
let officer: Session;
let users: Awaited<ReturnType<typeof seedUsers>>;

const get = (url: string, session = reviewer) => app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
const post = (url: string, payload: Record<string, unknown> = {}, session = reviewer) =>
  app.inject({ method: 'POST', url, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, payload });
const ids = (body: unknown) => (body as { items: Array<{ id: string }> }).items.map((a) => a.id);

beforeAll(async () => {
  t = await openApiTestRuntime('apialerts');
  app = await buildApiServer(t.runtime, { loginRateLimit: { max: 1000, timeWindow: 60_000 } });
  users = await seedUsers(t.runtime.database.db);
  reviewer = await login(app, users.reviewer);
  officer = await login(app, users.officer);
});

afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

describe('alert list', () => {
  it('sorts by severity, then most recent, and pages with a cursor without gaps or repeats', async () => {
    const db = t.runtime.database.db;
    const now = Date.now();
    const low = await seedAlert(db, { placeId: 'saraqib', placeName: 'Saraqib', severity: 'low', publishedAt: new Date(now - 1000), text: 'paging low' });
    const critOld = await seedAlert(db, {
      placeId: 'saraqib',
      placeName: 'Saraqib',
      severity: 'critical',
      publishedAt: new Date(now - 60_000),
      text: 'paging crit old',
    });
    const critNew = await seedAlert(db, {
      placeId: 'saraqib',
      placeName: 'Saraqib',
      severity: 'critical',
      publishedAt: new Date(now - 5000),
      text: 'paging crit new',
    });
    const high = await seedAlert(db, { placeId: 'saraqib', placeName: 'Saraqib', severity: 'high', publishedAt: new Date(now - 2000), text: 'paging high' });
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 5; page++) {
      const response = await get(`/api/alerts?place=saraqib&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      const body = response.json() as { items: Array<{ id: string }>; nextCursor: string | null };
      seen.push(...body.items.map((a) => a.id));
      if (!body.nextCursor) break;
      cursor = body.nextCursor;
    }
    expect(seen).toEqual([critNew.alertId, critOld.alertId, high.alertId, low.alertId]);
    const recent = await get('/api/alerts?place=saraqib&sort=recent');
    expect(ids(recent.json())).toEqual([low.alertId, high.alertId, critNew.alertId, critOld.alertId]);
  });

  it('filters by status, severity, place, language, feed, time range, assignee and text', async () => {
    const db = t.runtime.database.db;
    const arabic = await seedAlert(db, { placeId: 'taqad', placeName: 'Taqad', text: 'سنذبح أهل تقاد', lang: 'ar', feed: 'telegram-x', severity: 'medium' });
    const english = await seedAlert(db, {
      placeId: 'taqad',
      placeName: 'Taqad',
      text: 'unique-needle burn Taqad',
      feed: 'rss-y',
      publishedAt: new Date(Date.now() - 3 * 86_400_000),
    });
    await post(`/api/alerts/${english.alertId}/assign`, { assignee: users.officer.email });
    const q = (query: string) => get(`/api/alerts?place=taqad&${query}`).then((r) => ids(r.json()));
    expect(await q('language=ar')).toEqual([arabic.alertId]);
    expect(await q('feed=rss-y')).toEqual([english.alertId]);
    expect(await q('severity=medium')).toEqual([arabic.alertId]);
    expect(await q('q=UNIQUE-needle')).toEqual([english.alertId]);
    expect(await q('q=%D8%B3%D9%86%D8%B0%D8%A8%D8%AD')).toEqual([arabic.alertId]);
    expect(await q(`assignee=${encodeURIComponent(users.officer.email)}`)).toEqual([english.alertId]);
    expect(await q('assignee=none')).toEqual([arabic.alertId]);
    expect(await q(`from=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}`)).toEqual([arabic.alertId]);
    expect(await q(`to=${encodeURIComponent(new Date(Date.now() - 2 * 86_400_000).toISOString())}`)).toEqual([english.alertId]);
    await post(`/api/alerts/${arabic.alertId}/resolve`);
    expect(await q('status=resolved')).toEqual([arabic.alertId]);
    expect(await q('status=new,acknowledged')).toEqual([english.alertId]);
    const counts = (await get('/api/alerts/counts?place=taqad')).json() as { counts: Record<string, number>; total: number };
    expect(counts).toEqual({ counts: { new: 1, resolved: 1 }, total: 2 });
  });

  it('rejects malformed filters with 400 INPUT_INVALID', async () => {
    const response = await get('/api/alerts?status=bogus');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'INPUT_INVALID' } });
  });

  it('shows officers only the alerts of their places, and hides the others as not found', async () => {
    const db = t.runtime.database.db;
    const mine = await seedAlert(db, { placeId: 'darat-izza', text: 'scope mine Darat Izza' });
    const other = await seedAlert(db, { placeId: 'saraqib', placeName: 'Saraqib', text: 'scope other' });
    const listed = ids((await get('/api/alerts?limit=200', officer)).json());
    expect(listed).toContain(mine.alertId);
    expect(listed).not.toContain(other.alertId);
    expect((await get(`/api/alerts/${other.alertId}`, officer)).statusCode).toBe(404);
    expect((await post(`/api/alerts/${other.alertId}/acknowledge`, {}, officer)).statusCode).toBe(404);
    expect((await post(`/api/alerts/${mine.alertId}/acknowledge`, {}, officer)).statusCode).toBe(200);
    const places = (await get('/api/places', officer)).json() as { places: Array<{ id: string }> };
    expect(places.places.map((p) => p.id)).toEqual(['darat-izza']);
  });
});

describe('alert detail', () => {
  it('returns evidence with the original text, source link and highlight spans from the explanation', async () => {
    const text = 'الموت لأهل Darat Izza — we will slaughter them';
    const { alertId, postId } = await seedAlert(t.runtime.database.db, { text });
    const detail = (await get(`/api/alerts/${alertId}`)).json() as {
      evidence: Array<{ post_id: string; text: string; url: string; highlights: Array<{ start: number; end: number; kind: string }> }>;
      events: Array<{ action: string }>;
    };
    const evidence = detail.evidence[0]!;
    expect(evidence.post_id).toBe(postId);
    expect(evidence.text).toBe(text);
    expect(evidence.url).toMatch(/^https:\/\/example\.org\/post\//);
    const marked = evidence.highlights.map((h) => [h.kind, text.slice(h.start, h.end)]);
    expect(marked).toEqual([
      ['place', 'Darat Izza'],
      ['threat', 'slaughter'],
    ]);
    expect(detail.events.map((e) => e.action)).toEqual(['opened']);
  });

  it('drops javascript: source links', async () => {
    const { alertId } = await seedAlert(t.runtime.database.db, { url: 'javascript:alert(1)' });
    const detail = (await get(`/api/alerts/${alertId}`)).json() as { evidence: Array<{ url: string | null }> };
    expect(detail.evidence[0]!.url).toBeNull();
  });
});

describe('actions and the audit trail', () => {
  it('records actor, before and after for each action, append-only', async () => {
    const { alertId } = await seedAlert(t.runtime.database.db);
    expect((await post(`/api/alerts/${alertId}/acknowledge`, { note: 'seen' })).json()).toMatchObject({ alert: { status: 'acknowledged' } });
    expect((await post(`/api/alerts/${alertId}/claim`)).json()).toMatchObject({ alert: { assignee: users.reviewer.email } });
    expect((await post(`/api/alerts/${alertId}/escalate`)).json()).toMatchObject({ alert: { status: 'escalated' } });
    await post(`/api/alerts/${alertId}/notes`, { note: 'called the council' });
    expect((await post(`/api/alerts/${alertId}/false-positive`)).json()).toMatchObject({ alert: { status: 'false_positive' } });
    expect((await post(`/api/alerts/${alertId}/reopen`)).json()).toMatchObject({ alert: { status: 'new' } });
    expect((await post(`/api/alerts/${alertId}/resolve`)).json()).toMatchObject({ alert: { status: 'resolved' } });

    const { events } = (await get(`/api/alerts/${alertId}/events`)).json() as {
      events: Array<{
        actor: string;
        action: string;
        from_status: string;
        to_status: string;
        note: string | null;
        data: { before: { status: string; assignee: string | null }; after: { status: string; assignee: string | null } };
      }>;
    };
    expect(events.map((e) => e.action)).toEqual(['opened', 'acknowledge', 'claim', 'escalate', 'note', 'false_positive', 'reopen', 'resolve']);
    const ack = events[1]!;
    expect(ack).toMatchObject({ actor: users.reviewer.email, from_status: 'new', to_status: 'acknowledged', note: 'seen' });
    expect(ack.data.before.status).toBe('new');
    expect(ack.data.after.status).toBe('acknowledged');
    // Acknowledging an unassigned alert takes it on, so the later claim changes nothing.
    expect(ack.data.before.assignee).toBeNull();
    expect(ack.data.after.assignee).toBe(users.reviewer.email);
    expect(events[2]!.data.after.assignee).toBe(users.reviewer.email);
    await expect(t.runtime.database.db.updateTable('alert_events').set({ note: 'rewritten' }).where('alert_id', '=', alertId).execute()).rejects.toThrow(
      /append-only/,
    );
  });

  it('acknowledging assigns an unassigned alert to the acting person, and leaves an owned one with its owner', async () => {
    const db = t.runtime.database.db;
    const unowned = await seedAlert(db);
    const owned = await seedAlert(db);
    await post(`/api/alerts/${owned.alertId}/assign`, { assignee: users.officer.email });
    expect((await post(`/api/alerts/${unowned.alertId}/acknowledge`)).json()).toMatchObject({
      alert: { status: 'acknowledged', assignee: users.reviewer.email },
    });
    expect((await post(`/api/alerts/${owned.alertId}/acknowledge`)).json()).toMatchObject({ alert: { status: 'acknowledged', assignee: users.officer.email } });
  });

  it('refuses an action that makes no sense in the current status (409)', async () => {
    const { alertId } = await seedAlert(t.runtime.database.db);
    await post(`/api/alerts/${alertId}/resolve`);
    const again = await post(`/api/alerts/${alertId}/escalate`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'INVALID_TRANSITION' } });
  });

  it('merges two alerts of a place: evidence moves, the source is resolved and linked', async () => {
    const db = t.runtime.database.db;
    const a = await seedAlert(db);
    const b = await seedAlert(db);
    const merged = await post(`/api/alerts/${a.alertId}/merge`, { into: b.alertId, note: 'same incident' });
    expect(merged.json()).toMatchObject({ alert: { id: b.alertId, post_count: 2 } });
    const source = (await get(`/api/alerts/${a.alertId}`)).json() as { alert: { status: string; linked_alert_id: string }; events: Array<{ action: string }> };
    expect(source.alert).toMatchObject({ status: 'merged', linked_alert_id: b.alertId });
    expect(source.events.at(-1)!.action).toBe('merged_into');
    const other = await seedAlert(db, { placeId: 'saraqib', placeName: 'Saraqib' });
    expect((await post(`/api/alerts/${b.alertId}/merge`, { into: other.alertId })).statusCode).toBe(400);
  });

  it('splits a post out into a new linked alert', async () => {
    const db = t.runtime.database.db;
    const { alertId } = await seedAlert(db);
    const extra = await addEvidencePost(db, alertId, 'unrelated complaint about Darat Izza roads');
    const response = await post(`/api/alerts/${alertId}/split`, { post_id: extra });
    const body = response.json() as { alert: { post_count: number }; created: { id: string; linked_alert_id: string; post_count: number; status: string } };
    expect(body.alert.post_count).toBe(1);
    expect(body.created).toMatchObject({ linked_alert_id: alertId, post_count: 1, status: 'new' });
    const created = (await get(`/api/alerts/${body.created.id}`)).json() as { evidence: Array<{ post_id: string }> };
    expect(created.evidence.map((e) => e.post_id)).toEqual([extra]);
  });

  it('applies a bulk action per alert and reports each result', async () => {
    const db = t.runtime.database.db;
    const a = await seedAlert(db);
    const b = await seedAlert(db);
    await post(`/api/alerts/${b.alertId}/resolve`);
    const response = await post('/api/alerts/bulk', { ids: [a.alertId, b.alertId], action: 'escalate', note: 'wave' });
    expect(response.json()).toEqual({
      results: [
        { id: a.alertId, ok: true, status: 'escalated' },
        { id: b.alertId, ok: false, error: 'INVALID_TRANSITION' },
      ],
    });
  });
});

describe('silences', () => {
  it('requires reason, owner and expiry', async () => {
    const response = await post('/api/silences', { kind: 'place', place: 'saraqib' });
    expect(response.statusCode).toBe(400);
  });

  it('hides the alerts of a silenced place or phrase; they show again when the silence ends', async () => {
    const db = t.runtime.database.db;
    const byPhrase = await seedAlert(db, { placeId: 'taqad', placeName: 'Taqad', text: 'harvest-festival-spam Taqad kill' });
    const listed = async () => ids((await get('/api/alerts?place=taqad&limit=200')).json());
    expect(await listed()).toContain(byPhrase.alertId);
    const silence = (
      await post('/api/silences', {
        kind: 'phrase',
        phrase: 'Harvest-Festival-Spam',
        reason: 'known spam wave',
        owner: 'lead@example.org',
        duration_minutes: 60,
      })
    ).json() as { silence: { id: string } };
    expect(await listed()).not.toContain(byPhrase.alertId);
    expect(ids((await get('/api/alerts?place=taqad&silenced=only')).json())).toEqual([byPhrase.alertId]);
    await post(`/api/silences/${silence.silence.id}/end`);
    expect(await listed()).toContain(byPhrase.alertId);

    const byPlace = await seedAlert(db, { placeId: 'saraqib', placeName: 'Saraqib', text: 'silence by place' });
    await post('/api/silences', {
      kind: 'place',
      place: 'saraqib',
      reason: 'drill in progress',
      owner: 'lead@example.org',
      expires_at: new Date(Date.now() + 1500).toISOString(),
    });
    expect(ids((await get('/api/alerts?place=saraqib&limit=200')).json())).not.toContain(byPlace.alertId);
    await new Promise((resolve) => setTimeout(resolve, 1700));
    expect(ids((await get('/api/alerts?place=saraqib&limit=200')).json())).toContain(byPlace.alertId);
    const audit = (await get('/api/audit', await login(app, users.admin, { ip: '10.77.0.1' }))).json() as { entries: Array<{ action: string }> };
    expect(audit.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['silence.create', 'silence.end']));
  });
});

describe('documents and headers', () => {
  it('publishes an OpenAPI document of the API at /api/docs', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs' })).json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/alerts',
      '/api/alerts/{id}',
      '/api/alerts/{id}/acknowledge',
      '/api/alerts/bulk',
      '/api/silences',
      '/api/feeds',
      '/api/places',
      '/api/stream',
      '/api/auth/login',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    expect(Object.keys(doc.paths).some((p) => !p.startsWith('/api/') && !p.startsWith('/ingest/'))).toBe(false);
  });

  it('sends a strict CSP without unsafe-inline and the usual security headers', async () => {
    const response = await app.inject({ method: 'GET', url: '/login' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.body).not.toMatch(/<script(?![^>]*src="\/ui\/app\.js")/);
    expect(response.body).not.toMatch(/ style=/);
  });
});

describe('hostile post text on the detail page', () => {
  it('escapes markup, neutralises bidi overrides and never links javascript: URLs', async () => {
    const text =
      'Darat Izza <script>window.pwned=1</script><img src=x onerror="window.pwned=2"> <a href="javascript:alert(1)">x</a> \u202Eevil\u202C slaughter';
    const { alertId } = await seedAlert(t.runtime.database.db, { text, url: 'javascript:alert(1)', author: '<b onmouseover=alert(1)>' });
    const page = await get(`/alerts/${alertId}`);
    expect(page.statusCode).toBe(200);
    const body = page.body;
    expect(body).not.toContain('<script>window');
    expect(body).not.toContain('<img');
    expect(body).not.toContain('<b onmouseover');
    expect(body).not.toMatch(/href="javascript:/i);
    expect(body).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(body).toContain('&lt;script&gt;window.pwned=1&lt;/script&gt;');
    expect(body).toContain('[U+202E]evil[U+202C]');
    expect(body).toMatch(/<p class="post-text" dir="auto"[^>]*><mark class="hl-place"/);
  });
});
