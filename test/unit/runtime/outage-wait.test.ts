import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { isConnectionLoss, Readiness, retryThroughOutage } from '../../../src/runtime/index.js';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
const fast = { minDelayMs: 5, maxDelayMs: 20 };

describe('isConnectionLoss', () => {
  it('tells a lost server from an error in the work', () => {
    expect(isConnectionLoss(refused())).toBe(true);
    expect(isConnectionLoss(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isConnectionLoss(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionLoss(new AggregateError([refused()]))).toBe(true);
    expect(isConnectionLoss(new Error('batch failed', { cause: refused() }))).toBe(true);
    expect(isConnectionLoss(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }))).toBe(false);
    expect(isConnectionLoss(Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' }))).toBe(false);
  });
});

describe('retryThroughOutage', () => {
  it('waits while the server is lost, reports not ready meanwhile, and runs the work again once it answers', async () => {
    const readiness = new Readiness(pino({ level: 'silent' }));
    let runs = 0;
    let probes = 0;
    const readyDuringProbes: boolean[] = [];
    const result = await retryThroughOutage(
      async () => {
        runs++;
        if (runs < 3) throw refused();
        return 'committed';
      },
      {
        readiness,
        dependency: 'postgres',
        ...fast,
        probe: async () => {
          readyDuringProbes.push(readiness.ready);
          if (++probes % 2 === 1) throw refused();
        },
      },
    );
    expect(result).toBe('committed');
    expect(runs).toBe(3);
    expect(readyDuringProbes.every((ready) => !ready)).toBe(true);
    expect(readiness.ready).toBe(true);
  });

  it('throws an error in the work at once, without waiting', async () => {
    const readiness = new Readiness(pino({ level: 'silent' }));
    let probes = 0;
    const bad = Object.assign(new Error('duplicate key'), { code: '23505' });
    await expect(
      retryThroughOutage(
        async () => {
          throw bad;
        },
        { readiness, dependency: 'postgres', probe: async () => void probes++, ...fast },
      ),
    ).rejects.toBe(bad);
    expect(probes).toBe(0);
    expect(readiness.ready).toBe(true);
  });

  it('gives up at shutdown or after maxWaitMs with the connection error, so the job retries later', async () => {
    const readiness = new Readiness(pino({ level: 'silent' }));
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 50);
    const started = Date.now();
    await expect(
      retryThroughOutage(
        async () => {
          throw refused();
        },
        {
          readiness,
          dependency: 'postgres',
          probe: async () => {
            throw refused();
          },
          signal: stop.signal,
          minDelayMs: 1_000,
        },
      ),
    ).rejects.toThrow(/ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(900);
    expect(readiness.problems).toEqual([{ dependency: 'postgres', error: 'connect ECONNREFUSED 127.0.0.1:5432' }]);
    await expect(
      retryThroughOutage(
        async () => {
          throw refused();
        },
        {
          readiness,
          dependency: 'postgres',
          probe: async () => {
            throw refused();
          },
          maxWaitMs: 30,
          ...fast,
        },
      ),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});
