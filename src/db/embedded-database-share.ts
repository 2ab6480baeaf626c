import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/** What a process serving its embedded database tells the others, in `<dir>.socket.json`. */
export interface EmbeddedDatabaseShare {
  readonly pid: number;
  readonly host: string;
  readonly port: number;
  readonly password: string;
  /** The Redis it queues on, so a second process enqueues where the first one's workers read. */
  readonly redisUrl?: string;
}

export function sharePath(dir: string): string {
  return `${dir}.socket.json`;
}

/** Written readable by the owner only: it holds the password of the served database. */
export function writeShare(dir: string, share: EmbeddedDatabaseShare): () => void {
  const file = sharePath(dir);
  writeFileSync(file, `${JSON.stringify(share, null, 2)}\n`, { mode: 0o600 });
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    process.removeListener('exit', remove);
    rmSync(file, { force: true });
  };
  process.once('exit', remove);
  return remove;
}

/** The share of process `holder`, or null when there is none or it was left by another process. */
export function readShare(dir: string, holder: number): EmbeddedDatabaseShare | null {
  let share: Partial<EmbeddedDatabaseShare>;
  try {
    share = JSON.parse(readFileSync(sharePath(dir), 'utf8')) as Partial<EmbeddedDatabaseShare>;
  } catch {
    return null;
  }
  const valid = share.pid === holder && share.host === '127.0.0.1' && typeof share.port === 'number' && typeof share.password === 'string';
  return valid ? (share as EmbeddedDatabaseShare) : null;
}
