import { describe, expect, it } from 'vitest';
import { benchE2e } from '../../../src/bench/e2e-bench.js';
import { ADMIN_DATABASE_URL, TEST_REDIS_URL } from '../../helpers/services.js';
import { SHIPPED_CONFIG } from '../../helpers/paths.js';

// The real pipeline with analyzer child processes: slow to start on a loaded box, so a tiny N and
// a long timeout. Figures are not asserted (they depend on the machine); completeness is.
describe('bench --only e2e', () => {
  it('stores and analyses every post with 1 and 2 analyzer processes, commits alerts, and reports every figure', { timeout: 600_000 }, async () => {
    const lines: string[] = [];
    const result = await benchE2e({
      configDir: SHIPPED_CONFIG,
      databaseUrl: ADMIN_DATABASE_URL,
      redisUrl: TEST_REDIS_URL,
      posts: 300,
      latencyRate: 1_000,
      latencySeconds: 0.3,
      onProgress: (line) => lines.push(line),
    });
    expect(result.runs.map((r) => r.processes)).toEqual([1, 2]);
    for (const run of result.runs) {
      expect(run).toMatchObject({ posts: 300, stored: 300, analysed: 300, failed_posts: 0, failed_batches: 0 });
      // 15 of the 300 posts are written as threats; nearly all of them must reach an alert.
      expect(run.threat_posts).toBeGreaterThanOrEqual(10);
      expect(run.threat_posts).toBeLessThanOrEqual(30);
      expect(run.alerts).toBeGreaterThan(0);
      // The bench throws when a run's alerts differ from the slow run's; the flag says it checked.
      expect(run.alerts_equal_slow_run).toBe(true);
    }
    expect(result.slow_run_alerts).toBeGreaterThan(0);
    for (const key of [
      'posts_per_s',
      'copy_rows_per_s',
      'ratio_to_copy',
      'posts_per_s_2_procs',
      'scaling_2_procs',
      'latency_p50_ms',
      'latency_p99_ms',
    ] as const) {
      expect(result[key], key).toBeGreaterThan(0);
      expect(Number.isFinite(result[key]), key).toBe(true);
    }
    expect(result.latency_p99_ms).toBeGreaterThanOrEqual(result.latency_p50_ms);
    expect(result.latency_posts).toBe(300);
    expect(result.copy_method).toMatch(/COPY FROM STDIN/);
    expect(lines.some((line) => line.includes('2 analyzer processes'))).toBe(true);
  });
});
