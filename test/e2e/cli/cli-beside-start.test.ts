import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../../src/db/index.js';
import { PROJECT_ROOT, SHIPPED_CONFIG } from '../../helpers/paths.js';
import { runCli } from '../../helpers/run-cli.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await probe();
    if (found !== undefined) return found;
    await sleep(500);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the CLI beside `npm start` on embedded defaults', () => {
  const cwd = mkdtempSync(path.join(tmpdir(), 'placewatch-cli-beside-'));
  const socketFile = path.join(cwd, 'data', 'pglite.socket.json');
  let start: ChildProcess | undefined;
  afterAll(() => {
    start?.kill('SIGKILL');
    rmSync(cwd, { recursive: true, force: true });
  });

  it('alerts list, feeds status and ingest work from other processes, on the running instance’s data and queue', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PLACEWATCH_CONFIG: SHIPPED_CONFIG, LOG_LEVEL: 'warn', PORT: String(await freePort()) };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    delete env.PLACEWATCH_DATA_DIR;
    start = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/placewatch.js'), 'start', '--demo'], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let startOutput = '';
    start.stdout!.on('data', (d: Buffer) => (startOutput += d.toString()));
    start.stderr!.on('data', (d: Buffer) => (startOutput += d.toString()));
    const exited = new Promise<number | null>((resolve) => start!.once('exit', resolve));

    await until('start to serve its database', async () => (existsSync(socketFile) ? true : undefined), 60_000).catch((error: Error) => {
      throw new Error(`${error.message}; start printed:\n${startOutput}`);
    });

    // The demo replay's alerts, read by another process while start keeps writing.
    const alerts = await until(
      'a demo alert in `alerts list`',
      async () => {
        const result = await runCli(['alerts', 'list'], env, { cwd });
        expect(result.stderr).not.toMatch(/in use by process/);
        expect(result.code).toBe(0);
        return /critical|high/.test(result.stdout) ? result.stdout : undefined;
      },
      30_000,
    );
    expect(alerts).toMatch(/^id\s+place/m);

    const feeds = await runCli(['feeds', 'status'], env, { cwd });
    expect(feeds.stderr).toBe('');
    expect(feeds.code).toBe(0);
    // No feed is configured, but the demo replay is flowing: the operator sees it, not just "no feeds".
    expect(feeds.stdout).toMatch(/demo-replay\s+demo\s+receiving/);

    // --no-analyzer: only start's analyzers can finish it, so the post went onto start's Redis.
    const file = path.join(cwd, 'beside.jsonl');
    writeFileSync(file, `${JSON.stringify({ id: 'beside-start-1', text: 'a post queued from a second terminal', published_at: new Date().toISOString() })}\n`);
    const ingest = await runCli(['ingest', file, '--feed', 'beside-start', '--wait', '--no-analyzer', '--timeout', '30'], env, { cwd });
    expect(ingest.stderr).toBe('');
    expect(ingest.stdout).toMatch(/queued 1 posts/);
    expect(ingest.stdout).toMatch(/all posts analysed and committed/);
    expect(ingest.code).toBe(0);

    start.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(socketFile)).toBe(false);
    expect(existsSync(path.join(cwd, 'data', 'pglite.lock'))).toBe(false);

    // The post is in start's embedded database, analysed there.
    const database = await connectDatabase({ dataDir: path.join(cwd, 'data') });
    try {
      const post = await database.db.selectFrom('posts').select(['external_id', 'analyzed_at']).where('feed', '=', 'beside-start').executeTakeFirst();
      expect(post?.external_id).toBe('beside-start-1');
      expect(post?.analyzed_at).not.toBeNull();
    } finally {
      await database.close();
    }
  }, 150_000);
});
