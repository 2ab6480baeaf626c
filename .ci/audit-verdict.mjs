#!/usr/bin/env node
// Reads `npm audit --json` on stdin and decides what CI does with it: a report with high or critical
// advisories fails the step (exit 1); a registry that refuses or cannot be reached (no advisory
// database here, a 405 from a mirror, no network) only prints a notice, since it says nothing about
// our dependencies.
import { readFileSync } from 'node:fs';

const input = readFileSync(0, 'utf8');
let report;
try {
  report = JSON.parse(input);
} catch {
  report = null;
}
const counts = report?.metadata?.vulnerabilities;
if (!counts || typeof counts !== 'object') {
  const reason = report?.message ?? report?.error?.summary ?? (input.trim().split('\n')[0] || 'no answer');
  console.log(`notice: npm audit could not reach an advisory database (${String(reason).slice(0, 200)}); dependencies not audited`);
  process.exit(0);
}
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
const summary = ['critical', 'high', 'moderate', 'low', 'info'].map((level) => `${counts[level] ?? 0} ${level}`).join(', ');
console.log(`npm audit (production dependencies): ${summary}`);
if (serious > 0) {
  for (const [name, v] of Object.entries(report.vulnerabilities ?? {})) {
    if (v.severity === 'high' || v.severity === 'critical') console.log(`  ${v.severity}: ${name} ${v.range ?? ''}`);
  }
  process.exit(1);
}
