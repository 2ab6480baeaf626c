import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../../src/db/index.js';

/**
 * An embedded PGlite database in a temporary data directory, migrated, for the describe block that
 * calls this: opened before its tests, closed and its directory removed after. The returned function
 * gives the handle once the block's tests run.
 *
 * @example const embedded = useEmbeddedDatabase('pw-post-writes-'); it('…', () => embedded().db)
 */
export function useEmbeddedDatabase(dirPrefix: string): () => DatabaseHandle {
  let dataDir: string | undefined;
  let handle: DatabaseHandle | undefined;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), dirPrefix));
    handle = await connectDatabase({ dataDir });
    await migrateToLatest(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return () => {
    if (!handle) throw new Error('the embedded database is opened in beforeAll: use it inside a test');
    return handle;
  };
}
