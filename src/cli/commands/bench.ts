import { InvalidArgumentError, type Command } from 'commander';
import { configDirOf, printJson } from '../context.js';

const SECTIONS = ['analyzer', 'dedup', 'notify', 'e2e'] as const;
type Section = (typeof SECTIONS)[number];

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('measure analyzer throughput, near-duplicate lookup cost, notification latency and end-to-end pipeline throughput (one run; compare ratios)')
    .option('--json', 'print one JSON document')
    .option('--only <sections>', `comma-separated subset of ${SECTIONS.join(',')}`)
    .option('--quick', 'smaller sizes, for a smoke test (figures are not comparable)')
    .option('--e2e-posts <n>', `posts per e2e run (default ${E2E_POSTS.toLocaleString('en')})`, parsePostCount)
    .action(async (options: { json?: boolean; only?: string; quick?: boolean; e2ePosts?: number }, command: Command) => {
      // Each section's modules load only when it runs (the notifier's are not needed for e2e alone).
      const wanted = new Set((options.only?.split(',') ?? SECTIONS).map((s) => s.trim()) as Section[]);
      const report: Record<string, unknown> = { machine: machineInfo() };
      const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);
      if (wanted.has('analyzer')) {
        progress('analyzer throughput (100 and 10,000 places, naive baseline, adversarial posts)…');
        const { benchAnalyzer } = await import('../../bench/index.js');
        report.analyzer = await benchAnalyzer(options.quick ? { quick: true } : {});
      }
      if (wanted.has('dedup')) {
        progress('near-duplicate lookups with 10k and 1M stored fingerprints (private redis-server)…');
        const { benchDedup } = await import('../../bench/index.js');
        report.dedup = await benchDedup(options.quick ? { large: 50_000, lookups: 500 } : {});
      }
      if (wanted.has('notify')) {
        progress('alert committed → webhook received latency…');
        const { benchNotify } = await import('../../bench/index.js');
        report.notify = await benchNotify(options.quick ? { quick: true } : {});
      }
      if (wanted.has('e2e')) {
        const alone = options.only !== undefined;
        const posts = options.e2ePosts ?? (options.quick ? 1_000 : E2E_POSTS);
        if (!process.env.DATABASE_URL && !alone) report.e2e = { skipped: 'set DATABASE_URL to a Postgres server the bench may create databases on' };
        else {
          progress(
            `end to end: ${posts.toLocaleString('en')} posts through ingest → analyze (1 and 2 analyzer processes), COPY ceiling, latency at 1,000 posts/s…`,
          );
          const { benchE2e } = await import('../../bench/index.js');
          report.e2e = await benchE2e({ configDir: configDirOf(command), posts, latencySeconds: options.quick ? 2 : 10, onProgress: progress });
        }
      }
      if (options.json) printJson(report);
      else process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    });
}

/**
 * Posts per e2e run, in the full bench as with `--only e2e` (about 40 s on this 2-core box): a run of
 * 10,000 measured mostly its own warm-up (the first batches open every alert and run cold code), 0.069
 * of COPY against 0.105 at 50,000 on the same build.
 */
const E2E_POSTS = 50_000;

function parsePostCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number of posts');
  return n;
}

function machineInfo() {
  return { node: process.version, platform: process.platform, arch: process.arch, date: new Date().toISOString() };
}
