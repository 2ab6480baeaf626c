import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CpuMeter } from '../../../src/bench/process-cpu.js';

describe.skipIf(!existsSync('/proc/self/stat'))('the e2e bench CPU meter', () => {
  it('counts the CPU a process burns between start and stop, read from /proc as for an analyzer process', () => {
    // This process stands in for an analyzer child: its /proc entry is read by pid.
    const meter = CpuMeter.start([process.pid])!;
    const until = process.cpuUsage().user + 400_000;
    let spin = 0;
    while (process.cpuUsage().user < until) spin += Math.sqrt(spin + 1);
    const cpu = meter.stop(1)!;
    expect(spin).toBeGreaterThan(0);
    expect(cpu.analyzers_s).toBeGreaterThanOrEqual(0.3);
    expect(cpu.ingest_s).toBeGreaterThanOrEqual(0.3);
    expect(cpu.busy_fraction).toBeGreaterThan(0);
  });

  it('a process that exits during the run takes none of the others’ CPU with it (no part goes negative)', async () => {
    // A child that burns CPU, measured from when it has burned some, and gone before the end: summing
    // totals made its seconds a negative part (Postgres backends of another client did so under load).
    const child = spawn(process.execPath, ['-e', 'const t = Date.now(); while (Date.now() - t < 600);']);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 400));
    const meter = CpuMeter.start([child.pid!])!;
    await exited;
    const cpu = meter.stop(1)!;
    for (const part of [cpu.analyzers_s, cpu.ingest_s, cpu.postgres_s, cpu.redis_s, cpu.busy_fraction]) expect(part).toBeGreaterThanOrEqual(0);
  });

  it('an analyzer that has exited counts as no CPU rather than failing the run', () => {
    const meter = CpuMeter.start([2 ** 22 + 12_345])!;
    expect(meter.stop(2)!.analyzers_s).toBe(0);
  });
});
