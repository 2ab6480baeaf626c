import type { BacktestAlert, BacktestReport } from './backtest.js';

/** The backtest report as text for the terminal: counts, then each added and removed alert with examples. */
export function formatBacktest(report: BacktestReport): string {
  const lines = [
    `backtest: draft ${report.draftVersion} against active ${report.baselineVersion}, ${report.postsScored} posts since ${report.since}${report.truncated ? ' (limit reached)' : ''}`,
    `  ${report.added.length} alert(s) added, ${report.removed.length} removed, ${report.changed.length} changed, ${report.unchanged} unchanged (${report.ms} ms)`,
  ];
  const section = (title: string, alerts: readonly BacktestAlert[], sign: string) => {
    if (alerts.length === 0) return;
    lines.push('', title);
    for (const alert of alerts) {
      lines.push(
        `${sign} ${alert.placeName} (${alert.placeId}) · ${alert.category} · ${alert.severity} · ${alert.postIds.length} post(s) ${alert.firstSeen.slice(0, 16)}…${alert.lastSeen.slice(0, 16)}`,
      );
      for (const example of alert.examples) {
        lines.push(`    post ${example.postId} (${example.score}): ${oneLine(example.text)}`);
        lines.push(`      ${example.explanation}`);
      }
    }
  };
  section('Added alerts (the draft raises them, the active version does not):', report.added, '+');
  section('Removed alerts (the active version raises them, the draft does not):', report.removed, '-');
  if (report.changed.length > 0) {
    lines.push('', 'Changed alerts (evidence differs):');
    for (const c of report.changed) lines.push(`~ ${c.placeId} · ${c.category}: +${c.addedPostIds.length} / -${c.removedPostIds.length} post(s)`);
  }
  return `${lines.join('\n')}\n`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, 200);
}
