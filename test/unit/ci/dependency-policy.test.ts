import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/paths.js';

const verdict = (stdin: string) => {
  const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, '.ci/audit-verdict.mjs')], { input: stdin, encoding: 'utf8' });
  return { code: run.status, out: run.stdout };
};

const report = (counts: Record<string, number>, vulnerabilities: Record<string, unknown> = {}) =>
  JSON.stringify({ auditReportVersion: 2, vulnerabilities, metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...counts } } });

/** Lowest Node version a range like ">=20.19" or "^20.19.0 || >=22.12.0" admits, as [major, minor]. */
function lowestAdmitted(range: string): [number, number] {
  const floors = range.split('||').map((part) => {
    const match = /(?:>=|\^|~)?\s*(\d+)(?:\.(\d+))?/.exec(part.trim());
    return [Number(match?.[1] ?? 0), Number(match?.[2] ?? 0)] as [number, number];
  });
  return floors.sort((a, b) => a[0] - b[0] || a[1] - b[1])[0]!;
}

/** True when every Node version from `minimum` on (within its major) is admitted by `range`. */
function admits(range: string, [major, minor]: [number, number]): boolean {
  return range.split('||').some((part) => {
    const match = /^(>=|\^|~)?\s*(\d+)(?:\.(\d+))?/.exec(part.trim());
    if (!match) return part.trim() === '*' || part.trim() === '';
    const [m, n] = [Number(match[2]), Number(match[3] ?? 0)];
    if (match[1] === '>=') return major > m || (major === m && minor >= n);
    return major === m && minor >= n; // ^ and ~ stay within the major
  });
}

describe('dependency policy', () => {
  it('CI audit: a refusing registry is a notice, not a failure', () => {
    const refused = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      error: { summary: '' },
    });
    for (const answer of [refused, 'npm error audit endpoint returned an error\n', '']) {
      const { code, out } = verdict(answer);
      expect(code).toBe(0);
      expect(out).toMatch(/^notice: npm audit could not reach an advisory database/);
    }
  });

  it('CI audit: high or critical advisories fail the step, lesser ones are reported', () => {
    const bad = verdict(report({ high: 1, low: 2 }, { cookie: { severity: 'high', range: '<0.7.0' } }));
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('high: cookie <0.7.0');
    const mild = verdict(report({ moderate: 1 }));
    expect(mild.code).toBe(0);
    expect(mild.out).toContain('1 moderate');
  });

  it('declares a Node version every installed production dependency supports', () => {
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    const lock = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; dev?: boolean; optional?: boolean; engines?: { node?: string } | string[] }>;
    };
    const minimum = lowestAdmitted(pkg.engines.node);
    const demanding = Object.entries(lock.packages)
      .filter(([name, info]) => name !== '' && !info.dev && !info.optional && !Array.isArray(info.engines) && info.engines?.node)
      .filter(([, info]) => !admits((info.engines as { node: string }).node, minimum))
      .map(([name, info]) => `${name}@${info.version} wants node ${(info.engines as { node: string }).node}`);
    expect(demanding).toEqual([]);
  });
});
