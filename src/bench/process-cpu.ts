import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds a run cost, by part of the pipeline, as this machine's /proc reports them. */
export interface RunCpu {
  /** The analyzer processes together. */
  readonly analyzers_s: number;
  /** This process: the ingest (reading the file, enqueueing) and the run's watchers. */
  readonly ingest_s: number;
  /** Every postgres and redis-server process on this machine (a remote server shows as 0). */
  readonly postgres_s: number;
  readonly redis_s: number;
  /** All of it over the run's wall time and the machine's cores: 1 means every core was busy. */
  readonly busy_fraction: number;
}

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ, fixed for user space). */
const TICKS_PER_SECOND = 100;

/**
 * Snapshots of the CPU time of the pipeline's processes, read from /proc: enough to show whether a
 * run was bound by one process or by the whole machine. Null where /proc cannot be read.
 */
export class CpuMeter {
  private constructor(
    private readonly childPids: readonly number[],
    private readonly start: Snapshot,
    private readonly startedAt: number,
  ) {}

  static start(childPids: readonly number[]): CpuMeter | null {
    const snapshot = takeSnapshot(childPids);
    return snapshot ? new CpuMeter(childPids, snapshot, performance.now()) : null;
  }

  stop(cores: number): RunCpu | null {
    const end = takeSnapshot(this.childPids);
    if (!end) return null;
    const seconds = (performance.now() - this.startedAt) / 1000;
    const parts = {
      analyzers_s: this.delta(end, 'analyzers'),
      ingest_s: round(end.self - this.start.self),
      postgres_s: this.delta(end, 'postgres'),
      redis_s: this.delta(end, 'redis'),
    };
    const total = parts.analyzers_s + parts.ingest_s + parts.postgres_s + parts.redis_s;
    return { ...parts, busy_fraction: Math.round((total / (seconds * cores)) * 100) / 100 };
  }

  /**
   * A part's CPU between the snapshots, process by process: one that started since counts whole, one
   * that has exited counts nothing (its last seconds are lost with it). Summing the part's totals
   * instead went negative when Postgres backends of another client exited during the run.
   */
  private delta(end: Snapshot, part: Part): number {
    let sum = 0;
    for (const [pid, now] of end[part]) sum += Math.max(0, now - (this.start[part].get(pid) ?? 0));
    return round(sum);
  }
}

type Part = 'analyzers' | 'postgres' | 'redis';

/** CPU seconds by pid for each part, and this process's own. */
interface Snapshot {
  readonly self: number;
  readonly analyzers: ReadonlyMap<number, number>;
  readonly postgres: ReadonlyMap<number, number>;
  readonly redis: ReadonlyMap<number, number>;
}

function takeSnapshot(childPids: readonly number[]): Snapshot | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const usage = process.cpuUsage();
  const postgres = new Map<number, number>();
  const redis = new Map<number, number>();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat?.command === 'postgres') postgres.set(Number(entry), stat.seconds);
    else if (stat?.command === 'redis-server') redis.set(Number(entry), stat.seconds);
  }
  const analyzers = new Map<number, number>();
  for (const pid of childPids) {
    const stat = readStat(pid);
    if (stat) analyzers.set(pid, stat.seconds);
  }
  return { self: (usage.user + usage.system) / 1e6, analyzers, postgres, redis };
}

/** A process's command name and user + system CPU seconds; null once it has exited. */
function readStat(pid: number): { command: string; seconds: number } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command sits in parentheses and may itself hold spaces or parentheses: split after the last one.
  const close = text.lastIndexOf(')');
  const command = text.slice(text.indexOf('(') + 1, close);
  const fields = text.slice(close + 2).split(' ');
  // Fields 14 and 15 of the line (utime, stime) are 11 and 12 after the command.
  return { command, seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
