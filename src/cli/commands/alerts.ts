import type { Command } from 'commander';
import { ALERT_STATUSES, isAlertStatus, listAlerts, toAlertSummary, type AlertSummary } from '../../alerts/index.js';
import { PlacewatchError } from '../../errors.js';
import { printJson, withDatabase } from '../context.js';
import { renderTable } from '../render-table.js';

export function registerAlertsCommand(program: Command): void {
  const alerts = program.command('alerts').description('inspect alerts');
  alerts
    .command('list')
    .description('list alerts, most urgent first')
    .option('--status <status>', 'only alerts in this status (new, acknowledged, escalated, resolved, false_positive)')
    .option('--limit <n>', 'at most this many', '200')
    .option('--json', 'print a JSON array')
    .action(async (options: { status?: string; limit: string; json?: boolean }, command: Command) => {
      const { status } = options;
      if (status !== undefined && !isAlertStatus(status)) {
        throw new PlacewatchError('INPUT_INVALID', `unknown status "${status}" (known: ${ALERT_STATUSES.join(', ')})`, { status });
      }
      await withDatabase(command, async ({ db }) => {
        const rows = await listAlerts(db, { ...(status ? { status } : {}), limit: Number(options.limit) });
        const summaries = rows.map(toAlertSummary);
        if (options.json) printJson(summaries);
        else process.stdout.write(formatAlertTable(summaries));
      });
    });
}

/** The alert table printed by `alerts list` and `demo`. */
export function formatAlertTable(alerts: readonly AlertSummary[]): string {
  if (alerts.length === 0) return 'no alerts\n';
  return renderTable(
    ['id', 'place', 'severity', 'category', 'status', 'posts', 'authors', 'campaign', 'last seen'],
    alerts.map((a) => [
      a.id,
      a.place_name,
      a.severity,
      a.category,
      a.status,
      String(a.post_count),
      String(a.distinct_authors),
      a.campaign ? 'yes' : '',
      a.last_seen.replace('T', ' ').slice(0, 16),
    ]),
  );
}
