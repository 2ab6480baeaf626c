import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import { analyzeBatch } from '../../../src/pipeline/index.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';
import { login, seedUsers, type Session } from '../api/api-fixtures.js';
import { CONFIG_TEST_DIR, NEW_ALIAS, post } from './config-fixtures.js';

describe('config API', () => {
  let t: TestRuntime;
  let app: FastifyInstance;
  let operator: Session;
  let reviewer: Session;
  const as = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });

  beforeAll(async () => {
    // The API process's own environment holds the feed's credential.
    process.env.PLACEWATCH_SECRET_TEST_MASTODON_TOKEN = 'super-secret-token';
    t = await openTestRuntime({ configDir: CONFIG_TEST_DIR, label: 'cfgapi' });
    app = await buildApiServer(t.runtime);
    const users = await seedUsers(t.runtime.database.db);
    operator = await login(app, users.operator);
    reviewer = await login(app, users.reviewer);
  });

  afterAll(async () => {
    delete process.env.PLACEWATCH_SECRET_TEST_MASTODON_TOKEN;
    await app?.close();
    await t?.dispose();
  });

  it('is for operators and admins only', async () => {
    const denied = await app.inject({ method: 'GET', url: '/api/config/versions', headers: as(reviewer) });
    expect(denied.statusCode).toBe(403);
    const edit = await app.inject({ method: 'POST', url: '/api/places/darat-izza/names', headers: as(reviewer), payload: { language: 'en', text: 'X' } });
    expect(edit.statusCode).toBe(403);
    const listed = await app.inject({ method: 'GET', url: '/api/config/versions', headers: as(operator) });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().versions).toMatchObject([{ id: 1, active: true }]);
  });

  it('edits a place into a draft, diffs it, backtests it, activates it and rolls it back, auditing each step', async () => {
    const db = t.runtime.database.db;
    await analyzeBatch({ db, active: t.runtime.config.current, logger: t.runtime.logger, publicUrl: 'http://x' }, [
      post('api', 'a1', `We will slaughter the people of ${NEW_ALIAS}`),
    ]);
    const created = await app.inject({
      method: 'POST',
      url: '/api/places/darat-izza/names',
      headers: as(operator),
      payload: { language: 'en', text: NEW_ALIAS, comment: 'spelling seen in the wild' },
    });
    expect(created.statusCode).toBe(201);
    const { id, validation } = created.json() as { id: number; validation: { ok: boolean } };
    expect(validation.ok).toBe(true);
    const diff = await app.inject({ method: 'GET', url: `/api/config/versions/${id}/diff`, headers: as(operator) });
    expect(diff.json().changes).toEqual([{ op: 'added', path: 'places.yaml: places[darat-izza].aliases.en', after: NEW_ALIAS }]);
    const bt = await app.inject({ method: 'POST', url: `/api/config/versions/${id}/backtest`, headers: as(operator), payload: { since: '1d' } });
    expect(bt.json().added).toMatchObject([{ placeId: 'darat-izza', category: 'death_threat' }]);
    const activated = await app.inject({ method: 'POST', url: `/api/config/versions/${id}/activate`, headers: as(operator) });
    expect(activated.statusCode).toBe(200);
    const rolled = await app.inject({ method: 'POST', url: '/api/config/rollback', headers: as(operator) });
    expect(rolled.json()).toMatchObject({ id: 1, previousId: id });
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'subject_id'])
      .where('subject_type', '=', 'config_version')
      .where('actor', '=', 'operator@example.org')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => `${a.action} ${a.subject_id}`)).toEqual([`config.create ${id}`, `config.activate ${id}`, 'config.rollback 1']);
  });

  it('refuses a place edit that does not validate, saying which place and alias', async () => {
    const response = await app.inject({
      method: 'PUT',
      url: '/api/places/saraqib',
      headers: as(operator),
      payload: { place: { name: 'Saraqib', aliases: { en: ['Saraqib', 42] } } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/places\.yaml: places\[1\]\.aliases\.en\[1\]: .*expected string/i);
  });

  it('exports a version as YAML and imports it back as the same version', async () => {
    const exported = await app.inject({ method: 'GET', url: '/api/config/versions/1/export', headers: as(operator) });
    const { files } = exported.json() as { files: Record<string, string> };
    expect(Object.keys(files).sort()).toEqual(['feeds.yaml', 'lexicon/en.yaml', 'modifiers.yaml', 'places.yaml', 'routes.yaml', 'thresholds.yaml']);
    const imported = await app.inject({ method: 'POST', url: '/api/config/import', headers: as(operator), payload: { files, comment: 'round trip' } });
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({ id: 1, created: false });
  });

  it('manages feeds as versions and never shows a credential, only the variable that holds it', async () => {
    const feeds = await app.inject({ method: 'GET', url: '/api/config/feeds', headers: as(operator) });
    expect(feeds.body).not.toContain('super-secret-token');
    expect(feeds.json().feeds).toEqual([
      {
        name: 'masto-test',
        kind: 'mastodon',
        enabled: false,
        interval: '5m',
        affiliation: 'local news',
        credentials: [{ field: 'token_env', variable: 'PLACEWATCH_SECRET_TEST_MASTODON_TOKEN', set: true }],
      },
    ]);
    const patched = await app.inject({ method: 'PATCH', url: '/api/config/feeds/masto-test', headers: as(operator), payload: { interval: '15m' } });
    expect(patched.statusCode).toBe(201);
    const draft = await app.inject({ method: 'GET', url: `/api/config/feeds?version=${patched.json().id}`, headers: as(operator) });
    expect(draft.json().feeds[0]).toMatchObject({ interval: '15m', enabled: false });
  });

  it('scores a text with its explanation ("try a text") and raises priority for an affiliated account', async () => {
    const plain = await app.inject({ method: 'POST', url: '/api/config/score', headers: as(operator), payload: { text: 'Storm Saraqib tonight' } });
    expect(plain.json()).toMatchObject({ score: 0.75, targets: [{ placeId: 'saraqib', category: 'call_to_attack' }], signals: [{ phraseId: 'en-storm' }] });
    const db = t.runtime.database.db;
    await analyzeBatch({ db, active: t.runtime.config.current, logger: t.runtime.logger, publicUrl: 'http://x' }, [
      post('tg', 'plain', 'Storm Saraqib tonight', new Date(), 'someone'),
      post('tg', 'affiliated', 'Storm Saraqib tonight!', new Date(), '@Brigade_Media'),
    ]);
    const rows = await db.selectFrom('posts').select(['external_id', 'score', 'analysis']).where('feed', '=', 'tg').orderBy('external_id').execute();
    expect(rows[0]!.score!).toBeGreaterThan(rows[1]!.score!);
    // Reviewers and officers see who speaks: the analysis (the evidence's explanation) carries it.
    expect(rows[0]!.analysis).toMatchObject({ affiliation: expect.any(String) });
    expect(rows[1]!.analysis).toMatchObject({ affiliation: null });
  });
});
