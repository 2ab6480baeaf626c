import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { PlacewatchError } from '../errors.js';

/**
 * Takes `<dir>.lock` for this process, or fails with a message naming the process that holds it.
 * A lock left by a process that no longer exists is taken over. Returns the release function.
 */
export function acquireDirectoryLock(dir: string): () => void {
  const lockPath = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.removeListener('exit', release);
        rmSync(lockPath, { force: true });
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockPath, 'utf8').trim());
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new PlacewatchError(
          'DATABASE_UNREACHABLE',
          `the embedded database at ${path.dirname(lockPath)} is in use by process ${holder}; stop it first, or set DATABASE_URL so several processes can share a Postgres server`,
          { dir, holder },
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new PlacewatchError('DATABASE_UNREACHABLE', `could not lock the embedded database at ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
