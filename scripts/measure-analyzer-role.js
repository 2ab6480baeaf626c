#!/usr/bin/env node
// Throughput of the analyzer role alone (issue 13), for comparing builds on a shared, noisy box:
// `node scripts/measure-analyzer-role.js [POSTS] ROOT...` runs, for each checkout ROOT in turn (each
// with a fresh dist/), POSTS generated bench posts (default 3,000, as `bench --only e2e` writes them)
// through the analyzer role in one process, on a scratch database of DATABASE_URL's server and a
// Redis prefix of its own (REDIS_URL, default 127.0.0.1:6379). The jobs are enqueued first, then the
// worker starts and is timed until the queue drains. ROUNDS (default 1) repeats the whole list, so
// builds alternate. One JSON line per run: posts/s, this process's CPU and the Postgres backends' CPU
// per post, socket writes per batch to Postgres and to Redis, and what was stored; the alerts
// (place, status, posts, severity, campaign, categories) go to /tmp/analyzer-role-alerts-<run>.txt,
// so that two builds' results can be compared with diff.
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const count = /^\d+$/.test(args[0] ?? '') ? Number(args.shift()) : 3000;
const roots = args.map((root) => path.resolve(root));
if (roots.length === 0) throw new Error('usage: measure-analyzer-role.js [POSTS] ROOT...');
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const rounds = Number(process.env.ROUNDS ?? 1);

// Socket writes per server: each is a round trip's system call, costly on this box.
const writes = { postgres: 0, redis: 0 };
let counting = false;
const writeGeneric = net.Socket.prototype._writeGeneric;
net.Socket.prototype._writeGeneric = function (...rest) {
  if (counting) {
    const port = String(this.remotePort);
    if (adminUrl.includes(`:${port}/`)) writes.postgres += 1;
    else if (redisUrl.includes(`:${port}`)) writes.redis += 1;
  }
  return writeGeneric.apply(this, rest);
};

let run = 0;
for (let round = 0; round < rounds; round++) for (const root of roots) console.log(JSON.stringify(await measure(root, `${++run}`)));
process.exit(0);

async function measure(root, tag) {
  const load = (module) => import(pathToFileURL(path.join(root, 'dist/src', module)).href);
  const { loadConfig } = await load('config/index.js');
  const { createScratchDatabase } = await load('db/index.js');
  const { openRuntime } = await load('runtime/index.js');
  const { startAnalyzer } = await load('roles/index.js');
  const { ingestFile } = await load('pipeline/index.js');
  const { e2ePosts } = await load('bench/e2e-posts.js');
  const { connectRedis, deleteKeysWithPrefix } = await load('queue/index.js');
  const { sql } = await import(pathToFileURL(createRequire(path.join(root, 'package.json')).resolve('kysely')).href);

  const configDir = path.join(root, 'config');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-analyzer-role-'));
  const file = path.join(tmp, 'posts.jsonl');
  writeFileSync(
    file,
    `${e2ePosts(loadConfig(configDir), count)
      .map((p) => JSON.stringify(p))
      .join('\n')}\n`,
  );
  const id = randomBytes(4).toString('hex');
  const scratch = await createScratchDatabase(adminUrl, `pw_analyzer_role_${id}`);
  const prefix = `{pw-analyzer-role-${id}}`;
  const env = { ...process.env, DATABASE_URL: scratch.url, REDIS_URL: redisUrl, PLACEWATCH_QUEUE_PREFIX: prefix, PLACEWATCH_DATA_DIR: path.join(tmp, 'data') };
  const runtime = await openRuntime({ configDir, env, logLevel: 'silent' });
  try {
    const db = runtime.database.db;
    const report = await ingestFile(runtime, file, { feed: 'e2e-bench' });
    const backendTicks = async () => {
      const { rows } = await sql`select pid from pg_stat_activity where datname = current_database()`.execute(db);
      let ticks = 0;
      for (const { pid } of rows) {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          ticks += Number(fields[11]) + Number(fields[12]);
        } catch {
          // A backend that ended meanwhile.
        }
      }
      return ticks;
    };
    writes.postgres = writes.redis = 0;
    counting = true;
    const ticks0 = await backendTicks();
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    const worker = startAnalyzer(runtime);
    for (;;) {
      const done = await runtime.queues.analyze.getJobCounts('completed', 'failed');
      if (done.completed + done.failed >= report.jobIds.length) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const wall = performance.now() - started;
    const cpu = process.cpuUsage(cpu0);
    counting = false;
    const pgTicks = (await backendTicks()) - ticks0;
    await worker.close();

    const one = async (query) => Number((await query.executeTakeFirstOrThrow()).n);
    const alerts = await db
      .selectFrom('alerts')
      .select(['place_id', 'status', 'post_count', 'severity', 'campaign', 'category_counts'])
      .orderBy('place_id')
      .orderBy('first_seen')
      .execute();
    writeFileSync(
      `/tmp/analyzer-role-alerts-${tag}.txt`,
      alerts.map((a) => `${a.place_id} ${a.status} ${a.post_count} ${a.severity} ${a.campaign} ${JSON.stringify(a.category_counts)}\n`).join(''),
    );
    const { failed } = await runtime.queues.analyze.getJobCounts('failed');
    return {
      run: tag,
      root,
      posts: count,
      posts_per_s: Math.round(count / (wall / 1000)),
      node_cpu_us_per_post: Math.round((cpu.user + cpu.system) / count),
      // /proc counts CPU in clock ticks of 10 ms (USER_HZ 100 on Linux).
      pg_cpu_us_per_post: Math.round((pgTicks * 10_000) / count),
      pg_writes_per_batch: Math.round((writes.postgres / report.jobIds.length) * 10) / 10,
      redis_writes_per_batch: Math.round((writes.redis / report.jobIds.length) * 10) / 10,
      stored: await one(db.selectFrom('posts').select((eb) => eb.fn.countAll().as('n'))),
      analysed: await one(db.selectFrom('posts').select((eb) => eb.fn.count('score').as('n'))),
      threat_posts: await one(db.selectFrom('alert_posts').select((eb) => eb.fn.count('post_id').distinct().as('n'))),
      alerts: alerts.length,
      failed_batches: failed,
      load: Math.round(os.loadavg()[0] * 10) / 10,
    };
  } finally {
    await runtime.close();
    const redis = await connectRedis(redisUrl);
    await deleteKeysWithPrefix(redis, prefix).finally(() => redis.disconnect());
    await scratch.drop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
