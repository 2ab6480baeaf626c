import type { Command } from 'commander';
import { durationSchema, durationToMs } from '../../config/index.js';
import { PlacewatchError } from '../../errors.js';
import {
  getNotification,
  listNotifications,
  NotifyError,
  NOTIFICATION_STATUSES,
  retryNotification,
  timeToAcknowledgeReport,
  type NotificationView,
} from '../../notify/index.js';
import { printJson, withDatabase } from '../context.js';
import { renderTable } from '../render-table.js';

export function registerNotificationsCommand(program: Command): void {
  const notifications = program.command('notifications').description('inspect the notification outbox, dead letters and acknowledgement times');
  notifications
    .command('list')
    .description('list notifications, newest first')
    .option('--status <status>', `only this status (${NOTIFICATION_STATUSES.join(', ')}); "dead" lists the dead letters`)
    .option('--alert <id>', 'only notifications of this alert')
    .option('--limit <n>', 'at most this many', '200')
    .option('--json', 'print a JSON array')
    .action(async (options: { status?: string; alert?: string; limit: string; json?: boolean }, command: Command) => {
      if (options.status && !(NOTIFICATION_STATUSES as readonly string[]).includes(options.status)) {
        throw new PlacewatchError('INPUT_INVALID', `unknown status "${options.status}" (expected ${NOTIFICATION_STATUSES.join(', ')})`);
      }
      await withDatabase(command, async ({ db }) => {
        const rows = await listNotifications(db, { status: options.status as never, alert_id: options.alert, limit: Number(options.limit) });
        if (options.json) printJson(rows);
        else process.stdout.write(formatNotificationTable(rows));
      });
    });
  notifications
    .command('show <id>')
    .description('one notification with its delivery attempts')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      await withDatabase(command, async ({ db }) => {
        const found = await asCliError(getNotification(db, id));
        if (options.json) return printJson(found);
        process.stdout.write(formatNotificationTable([found]));
        for (const a of found.delivery_attempts) {
          process.stdout.write(`  attempt ${a.attempt} ${a.outcome} ${a.status_code ?? ''} ${a.error ?? ''} (${a.duration_ms} ms, ${a.created_at})\n`);
        }
      });
    });
  notifications
    .command('retry <id>')
    .description('send a dead notification again (fresh retry budget, same idempotency key)')
    .option('--json', 'print the notification as JSON')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      await withDatabase(command, async ({ db }) => {
        const actor = `cli:${process.env.USER ?? 'operator'}`;
        const row = await asCliError(retryNotification(db, id, actor));
        if (options.json) printJson(row);
        else process.stdout.write(`notification ${row.id} queued for delivery again\n`);
      });
    });
  notifications
    .command('ack-report')
    .description('time to acknowledge alerts, per severity')
    .option('--since <duration>', 'alerts created within this duration (e.g. 7d)', '30d')
    .option('--json', 'print a JSON array')
    .action(async (options: { since: string; json?: boolean }, command: Command) => {
      if (!durationSchema.safeParse(options.since).success)
        throw new PlacewatchError('INPUT_INVALID', `--since: expected a duration like "7d", got "${options.since}"`);
      await withDatabase(command, async ({ db }) => {
        const rows = await timeToAcknowledgeReport(db, new Date(Date.now() - durationToMs(options.since)));
        if (options.json) return printJson(rows);
        const minutes = (s: number | null) => (s === null ? '' : (s / 60).toFixed(1));
        process.stdout.write(
          rows.length === 0
            ? 'no alerts\n'
            : renderTable(
                ['severity', 'alerts', 'acknowledged', 'p50 min', 'p90 min', 'max min', 'waiting', 'oldest waiting min'],
                rows.map((r) => [
                  r.severity,
                  String(r.alerts),
                  String(r.acknowledged),
                  minutes(r.p50_seconds),
                  minutes(r.p90_seconds),
                  minutes(r.max_seconds),
                  String(r.unacknowledged),
                  minutes(r.oldest_unacknowledged_seconds),
                ]),
              ),
        );
      });
    });
}

/** The table printed by `notifications list`. */
export function formatNotificationTable(rows: readonly NotificationView[]): string {
  if (rows.length === 0) return 'no notifications\n';
  return renderTable(
    ['id', 'alert', 'route', 'channel', 'event', 'status', 'attempts', 'next attempt', 'last error'],
    rows.map((r) => [
      r.id,
      r.alert_id ?? '',
      r.route,
      r.channel,
      r.event,
      r.status,
      String(r.attempts),
      r.status === 'pending' ? r.next_attempt_at.replace('T', ' ').slice(0, 19) : '',
      (r.last_error ?? '').slice(0, 60),
    ]),
  );
}

/** Service errors become the CLI's one-line errors with a stable code. */
async function asCliError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof NotifyError) {
      throw new PlacewatchError(error.code.endsWith('NOT_FOUND') ? 'NOT_FOUND' : 'INPUT_INVALID', error.message, { code: error.code });
    }
    throw error;
  }
}
