import type { Command } from 'commander';
import { benchAnalyzer } from '../../bench/analyzer-bench.js';
import { benchDedup } from '../../bench/dedup-bench.js';
import { benchNotify } from '../../bench/notify-bench.js';
import { printJson } from '../context.js';

const SECTIONS = ['analyzer', 'dedup', 'notify'] as const;
type Section = (typeof SECTIONS)[number];

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('measure analyzer throughput, near-duplicate lookup cost and notification latency (one run; compare ratios)')
    .option('--json', 'print one JSON document')
    .option('--only <sections>', `comma-separated subset of ${SECTIONS.join(',')}`)
    .option('--quick', 'smaller sizes, for a smoke test (figures are not comparable)')
    .action(async (options: { json?: boolean; only?: string; quick?: boolean }) => {
      const wanted = new Set((options.only?.split(',') ?? SECTIONS).map((s) => s.trim()) as Section[]);
      const report: Record<string, unknown> = { machine: machineInfo() };
      const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);
      if (wanted.has('analyzer')) {
        progress('analyzer throughput (100 and 10,000 places, naive baseline, adversarial posts)…');
        report.analyzer = await benchAnalyzer(options.quick ? { quick: true } : {});
      }
      if (wanted.has('dedup')) {
        progress('near-duplicate lookups with 10k and 1M stored fingerprints (private redis-server)…');
        report.dedup = await benchDedup(options.quick ? { large: 50_000, lookups: 500 } : {});
      }
      if (wanted.has('notify')) {
        progress('alert committed → webhook received latency…');
        report.notify = await benchNotify(options.quick ? { quick: true } : {});
      }
      if (options.json) printJson(report);
      else process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    });
}

function machineInfo() {
  return { node: process.version, platform: process.platform, arch: process.arch, date: new Date().toISOString() };
}
