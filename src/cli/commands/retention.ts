import type { Command } from 'commander';
import { retentionOf } from '../../config/index.js';
import { findActiveVersionId, loadVersionConfig } from '../../config-versions/index.js';
import { sweepRetention, type RetentionReport } from '../../retention/index.js';
import { configDirOf, configOf, printJson, withDatabase } from '../context.js';

export function registerRetentionCommand(program: Command): void {
  const retention = program.command('retention').description('data retention per class (unmatched posts, alert evidence, audit, post partitions)');
  retention
    .command('sweep')
    .description('enforce the retention windows of the active config version now, and report what was removed')
    .option('--dry-run', 'count what would be removed, change nothing')
    .option('--json', 'print a JSON document')
    .action(async (options: { dryRun?: boolean; json?: boolean }, command: Command) => {
      await withDatabase(command, async ({ db }) => {
        const id = await findActiveVersionId(db);
        const config = id === undefined ? configOf(command) : await loadVersionConfig(db, id, configDirOf(command));
        const report = await sweepRetention(db, retentionOf(config), { dryRun: options.dryRun ?? false });
        if (options.json) printJson(report);
        else process.stdout.write(formatReport(report));
      });
    });
}

function formatReport(r: RetentionReport): string {
  const were = r.dryRun ? 'would be' : 'were';
  const cut = (c: string | null) => (c ? `older than ${c.slice(0, 16).replace('T', ' ')}` : 'kept forever');
  return [
    `retention sweep${r.dryRun ? ' (dry run)' : ''} at ${r.at}`,
    `  unmatched posts (${cut(r.unmatchedPosts.cutoff)}): ${r.unmatchedPosts.redacted} ${were} reduced to ids and fingerprints`,
    `  alert evidence (${cut(r.alertEvidence.cutoff)}): ${r.alertEvidence.redactedPosts} post(s) and ${r.alertEvidence.explanations} explanation(s) ${were} redacted`,
    `  audit (${cut(r.audit.cutoff)}): ${r.audit.auditLog} audit log entries and ${r.audit.alertEvents} alert events ${were} deleted`,
    `  post partitions (${r.postPartitions.cutoff ? `months ended before ${r.postPartitions.cutoff.slice(0, 16).replace('T', ' ')}` : 'kept forever'}): ${r.postPartitions.dropped.length ? r.postPartitions.dropped.join(', ') : 'none'} ${were} dropped`,
    ...r.postPartitions.kept.map((k) => `    kept ${k.month}: ${k.reason}`),
    '',
  ].join('\n');
}
