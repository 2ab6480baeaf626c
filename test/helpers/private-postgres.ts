import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A Postgres cluster of a test's own, under a temp dir, that the test may stop and start. */
export interface PrivatePostgres {
  readonly url: string;
  start(): Promise<void>;
  /** Fast shutdown: open connections are terminated, as in an outage. */
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

/** The bin directory holding initdb and pg_ctl, newest major first; undefined when none is installed. */
export function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return majors.map((major) => path.join(root, major, 'bin')).find((bin) => existsSync(path.join(bin, 'initdb')));
}

/** A TCP port nobody listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Creates and starts a cluster (trust auth, user postgres) on a free port. initdb refuses to run as
 * root, so under root the cluster belongs to the `postgres` system user.
 */
export async function startPrivatePostgres(bin: string): Promise<PrivatePostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-pg-'));
  const dataDir = path.join(dir, 'data');
  const owner = systemOwner(dir);
  const port = await freePort();
  // Asynchronous: initdb and pg_ctl take many seconds on a loaded box, and a worker blocked that long
  // misses vitest's own calls (its "Timeout calling onTaskUpdate" fails the run).
  const run = (program: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      execFile(path.join(bin, program), args, { encoding: 'utf8', timeout: 120_000, ...owner }, (error, _stdout, stderr) =>
        error ? reject(new Error(`${program} ${args.join(' ')} failed: ${stderr || error.message}`)) : resolve(),
      );
    });
  await run('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const start = () => run('pg_ctl', ['-D', dataDir, '-o', serverOptions, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']);
  const stop = () => run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy: async () => {
      await stop().catch(() => undefined); // already stopped
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function systemOwner(dir: string): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  chownSync(dir, uid, gid);
  return { uid, gid };
}
