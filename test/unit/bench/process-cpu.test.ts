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

  it('an analyzer that has exited counts as no CPU rather than failing the run', () => {
    const meter = CpuMeter.start([2 ** 22 + 12_345])!;
    expect(meter.stop(2)!.analyzers_s).toBe(0);
  });
});
