import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../../../src/db/index.js';
import { commitScoredBatch } from '../../../src/pipeline/index.js';
import * as evidenceFacts from '../../../migrations/0010_evidence_facts.js';
import { SHIPPED_CONFIG } from '../../helpers/paths.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { syntheticThreat as threat } from '../../helpers/synthetic-threats.js';

describe('migration 0010: evidence rows carry their post time, author and feed', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    database = await createTestDatabase('evfacts');
    handle = await connectDatabase({ databaseUrl: database.url, dataDir: '' });
    await migrateToLatest(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  const facts = () =>
    sql<{ external_id: string; published_at: Date; author: string | null; feed: string }>`
      select p.external_id, e.published_at, e.author, e.feed from alert_posts e join posts p on p.id = e.post_id order by p.external_id`
      .execute(handle.db)
      .then((r) => r.rows);

  it('fills them for evidence written before it, as the analyzer writes them now', async () => {
    await commitScoredBatch({ db: handle.db, config: loadConfig(SHIPPED_CONFIG), publicUrl: 'http://ui' }, [
      threat({ id: 'f1', author: 'a', feed: 'tg', minute: 0, text: 'one' }),
      threat({ id: 'f2', author: 'b', feed: 'rss', minute: 7, text: 'two' }),
    ]);
    const written = await facts();
    expect(written.map((f) => [f.external_id, f.author, f.feed, f.published_at.toISOString()])).toEqual([
      ['f1', 'a', 'tg', '2026-11-20T00:00:00.000Z'],
      ['f2', 'b', 'rss', '2026-11-20T00:07:00.000Z'],
    ]);

    await evidenceFacts.down(handle.db);
    await evidenceFacts.up(handle.db);
    expect(await facts()).toEqual(written);
    const notNull = await sql<{ column_name: string }>`
      select column_name from information_schema.columns
      where table_name = 'alert_posts' and column_name in ('published_at', 'author', 'feed') and is_nullable = 'NO' order by column_name`.execute(handle.db);
    expect(notNull.rows.map((r) => r.column_name)).toEqual(['feed', 'published_at']);
  });
});
