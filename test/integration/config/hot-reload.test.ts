import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateVersion, createVersion, rollbackVersion } from '../../../src/config-versions/index.js';
import { PlacewatchError } from '../../../src/errors.js';
import { enqueuePosts } from '../../../src/polling/index.js';
import { waitForAnalyzeJobs } from '../../../src/pipeline/index.js';
import { runCli } from '../../helpers/run-cli.js';
import { openTestRuntime, PROJECT_ROOT, type TestRuntime } from '../../helpers/test-runtime.js';
import { CONFIG_TEST_DIR, contentWithAlias, NEW_ALIAS, post } from './config-fixtures.js';
import { waitUntil } from '../../helpers/wait-until.js';

interface LogLine {
  readonly pid: number;
  readonly msg: string;
  readonly time: string;
  readonly configVersion?: string;
  readonly to?: number;
}

/** One analyzer process started as an operator would, with its JSON log lines collected. */
class AnalyzerProcess {
  readonly logs: LogLine[] = [];
  readonly child: ChildProcess;

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/placewatch.js'), 'start', '--role', 'analyzer'], {
      cwd: PROJECT_ROOT,
      // The poll is slowed to a minute: a switch within seconds can only come from the announcement.
      env: { ...env, PLACEWATCH_CONFIG: CONFIG_TEST_DIR, LOG_LEVEL: 'info', PLACEWATCH_CONFIG_POLL_MS: '60000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffered = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        try {
          this.logs.push(JSON.parse(line) as LogLine);
        } catch {
          // not a log line
        }
      }
    });
  }

  reloadedTo(version: number): LogLine | undefined {
    return this.logs.find((l) => l.msg === 'config version reloaded' && l.to === version);
  }
}

const until = (probe: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> =>
  waitUntil(probe, timeoutMs, what, { intervalMs: 50 });

describe('hot reload across analyzer processes', () => {
  let t: TestRuntime;
  const workers: AnalyzerProcess[] = [];
  const jobIds: string[] = [];
  let sent = 0;

  /** Sends `count` posts in one batch: threats using the new alias, and an ordinary post. */
  const send = async (count: number) => {
    const posts = Array.from({ length: count }, (_, i) => {
      const n = sent + i;
      return post('stream', `p-${n}`, n % 2 === 0 ? `We will slaughter the people of ${NEW_ALIAS} (${n})` : `Bread is cheaper in ${NEW_ALIAS} today (${n})`);
    });
    sent += count;
    jobIds.push(...(await enqueuePosts(t.runtime.queues, 'stream', posts)));
  };

  beforeAll(async () => {
    t = await openTestRuntime({ configDir: CONFIG_TEST_DIR, label: 'reload' });
    workers.push(new AnalyzerProcess(t.env), new AnalyzerProcess(t.env));
    await until(async () => (await t.runtime.queues.analyze.getWorkers()).length >= 2, 30_000, 'two analyzer workers');
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    await t?.dispose();
  });

  it('switches every process to a newly activated version within 5 s while posts flow, losing and repeating none', async () => {
    const db = t.runtime.database.db;
    // Workers starting on the same YAML find it known: nothing new stored, nothing re-activated.
    expect(await db.selectFrom('config_activations').select('action').execute()).toEqual([{ action: 'seed' }]);
    const streaming = (async () => {
      for (let i = 0; i < 40; i++) {
        await send(4);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await new Promise((r) => setTimeout(r, 1_000));
    const draft = await createVersion(db, { content: contentWithAlias(), author: 'test', comment: `alias ${NEW_ALIAS}`, source: 'api' });
    expect(draft.validation.ok).toBe(true);
    const activatedAt = Date.now();
    await activateVersion(db, draft.id, { actor: 'test', announce: { redis: t.runtime.redis, prefix: t.prefix } });

    await until(() => workers.every((w) => w.reloadedTo(draft.id)), 5_000, 'both processes to reload');
    for (const w of workers) expect(Date.parse(w.reloadedTo(draft.id)!.time) - activatedAt).toBeLessThan(5_000);
    await streaming;
    expect(await waitForAnalyzeJobs(t.runtime, jobIds, 30_000)).toEqual([]);

    // Nothing lost, nothing stored twice: one row per post sent, every job counted once.
    const rows = await db.selectFrom('posts').select(['external_id', 'config_version', 'score']).where('feed', '=', 'stream').execute();
    expect(rows.length).toBe(sent);
    expect(new Set(rows.map((r) => r.external_id)).size).toBe(sent);
    const completed = await t.runtime.queues.analyze.getJobs(['completed'], 0, -1);
    expect(completed.reduce((n, j) => n + (j.returnvalue as { stored: number }).stored, 0)).toBe(sent);

    // Both versions scored posts, and each post records the version that scored it.
    const versions = new Set(rows.map((r) => r.config_version));
    expect(versions).toEqual(new Set(['1', String(draft.id)]));
    for (const row of rows) {
      const threat = Number(row.external_id.slice(2)) % 2 === 0;
      expect(row.score! > 0).toBe(threat && row.config_version === String(draft.id));
    }
    // Each process scored batches with the new version after switching.
    for (const w of workers) expect(w.logs.some((l) => l.msg === 'batch analyzed' && l.configVersion === String(draft.id))).toBe(true);
    const alerts = await db.selectFrom('alerts').select(['place_id']).execute();
    expect(alerts.map((a) => a.place_id)).toContain('darat-izza');
  }, 60_000);

  it('rolls back in one action, and every process follows', async () => {
    const db = t.runtime.database.db;
    const result = await rollbackVersion(db, { actor: 'test', announce: { redis: t.runtime.redis, prefix: t.prefix } });
    expect(result.id).toBe(1);
    await until(() => workers.every((w) => w.reloadedTo(1)), 5_000, 'both processes to roll back');
    const before = sent;
    await send(2);
    expect(await waitForAnalyzeJobs(t.runtime, jobIds, 30_000)).toEqual([]);
    const threat = await db.selectFrom('posts').select(['config_version', 'score']).where('external_id', '=', `p-${before}`).executeTakeFirstOrThrow();
    expect(threat).toEqual({ config_version: '1', score: 0 });
    const active = await db.selectFrom('config_versions').select('id').where('active', '=', true).execute();
    expect(active).toEqual([{ id: 1 }]);
  }, 30_000);

  it('refuses to activate an invalid version and says why, from the API of the module and from the CLI', async () => {
    const db = t.runtime.database.db;
    // "Saraqib" already names another place: a conflict the schema alone cannot see.
    const draft = await createVersion(db, { content: contentWithAlias('Saraqib'), author: 'test', comment: 'conflict', source: 'api' });
    expect(draft.validation.ok).toBe(false);
    const error = await activateVersion(db, draft.id, { actor: 'test' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlacewatchError);
    expect((error as PlacewatchError).code).toBe('CONFIG_INVALID');
    expect((error as PlacewatchError).message).toContain(`version ${draft.id} cannot be activated`);
    expect((error as PlacewatchError).message).toMatch(/places\[darat-izza\]\.aliases\.en\[2\]: "Saraqib" also names place "saraqib"/);

    const cli = await runCli(['--config', CONFIG_TEST_DIR, 'config', 'activate', String(draft.id), '--author', 'tester'], t.env);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('CONFIG_INVALID');
    expect(cli.stderr).toContain('also names place "saraqib"');
    const active = await db.selectFrom('config_versions').select('id').where('active', '=', true).execute();
    expect(active).toEqual([{ id: 1 }]);
  }, 30_000);
});
