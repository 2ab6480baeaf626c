import type { EvalMetrics, Prf, Rate } from './metrics.js';
import type { ThreatSplit } from './scenario-metrics.js';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const ratio = (count: number, n: number, rate: number): string => `${count}/${n} (${pct(rate)})`;
const rateText = (r: Rate): string => ratio(r.flagged, r.n, r.rate);

/**
 * The human-readable eval report: overall, per language, the critical-threat headline figures, then
 * per functionality, category, phenomenon and place, severities, calibration and misses. Sections a
 * dataset has no fields for are left out.
 */
export function formatReport(metrics: EvalMetrics, dataset: string): string {
  const lines: string[] = [`eval of ${dataset}`, ''];
  const row = (name: string, m: Prf): string =>
    `${name.padEnd(34)} n=${String(m.n).padStart(5)}  P=${pct(m.precision).padStart(6)}  R=${pct(m.recall).padStart(6)}  F1=${pct(m.f1).padStart(6)}  non-threat flagged=${pct(m.flag_rate_non_threat).padStart(6)}`;
  lines.push(row('overall', metrics.overall), '', 'by language');
  for (const [k, m] of Object.entries(metrics.by_language)) lines.push(row(`  ${k}`, m));
  lines.push(...headlineLines(metrics));
  lines.push('', 'flag rates among non-threats');
  for (const [lang, r] of Object.entries(metrics.flag_rates)) {
    lines.push(
      `  ${lang.padEnd(8)} contrast_of=threat: ${r.contrast_of_threat.flagged}/${r.contrast_of_threat.n} (${pct(r.contrast_of_threat.rate)})   all non-threats: ${r.all_non_threats.flagged}/${r.all_non_threats.n} (${pct(r.all_non_threats.rate)})`,
    );
  }
  lines.push('', 'by functionality (recall for threats, flagged share for non-threats)');
  for (const [k, m] of Object.entries(metrics.by_functionality)) {
    const threats = m.tp + m.fn;
    const nons = m.fp + m.tn;
    const parts = [
      threats > 0 ? `recall ${m.tp}/${threats} (${pct(m.recall)})` : '',
      nons > 0 ? `flagged ${m.fp}/${nons} (${pct(m.flag_rate_non_threat)})` : '',
    ];
    lines.push(`  ${k.padEnd(40)} ${parts.filter(Boolean).join('   ')}`);
  }
  lines.push(...splitLines('by category (recall for alerting threats, flagged share for non-threats)', metrics.by_category));
  lines.push(...splitLines('by phenomenon (recall for alerting threats, flagged share for non-threats)', metrics.by_phenomenon));
  lines.push(...placeLines(metrics.by_target_place));
  lines.push('', 'by severity (predicted threats)');
  for (const [k, s] of Object.entries(metrics.by_severity))
    lines.push(`  ${k.padEnd(10)} flagged ${s.flagged}, true threats ${s.true_threats} (precision ${pct(s.precision)})`);
  const sev = Object.entries(metrics.severity_recall);
  if (sev.length > 0) {
    lines.push('', 'recall by labelled severity');
    for (const [k, r] of sev) lines.push(`  ${k.padEnd(10)} flagged ${r.flagged}/${r.n} (${pct(r.recall)}), at that severity ${r.same_severity}`);
  }
  if (metrics.hard_negatives) {
    lines.push('', 'flag rate among hard negatives');
    for (const [lang, r] of Object.entries(metrics.hard_negatives)) lines.push(`  ${lang.padEnd(8)} ${r.flagged}/${r.n} (${pct(r.rate)})`);
  }
  const cal = metrics.calibration;
  lines.push(
    '',
    `calibration (score as P(threat), ${cal.n} rows)   ECE=${cal.ece.toFixed(4)}  Brier=${cal.brier.toFixed(4)}`,
    '  bin            n   mean score   threat rate',
  );
  for (const b of cal.bins) {
    lines.push(
      `  [${b.from.toFixed(1)}, ${b.to.toFixed(1)})${String(b.n).padStart(8)}   ${b.mean_predicted.toFixed(3).padStart(10)}   ${b.observed_rate.toFixed(3).padStart(11)}`,
    );
  }
  const c = metrics.confusion;
  lines.push(
    '',
    'confusion matrix           predicted threat   predicted not_threat',
    `  label threat             ${String(c.threat.predicted_threat).padStart(16)}   ${String(c.threat.predicted_not_threat).padStart(20)}`,
    `  label not_threat         ${String(c.not_threat.predicted_threat).padStart(16)}   ${String(c.not_threat.predicted_not_threat).padStart(20)}`,
  );
  if (metrics.unmonitored_flagged.n > 0) lines.push('  (threats against unmonitored places count as not_threat: they must not alert)');
  lines.push('', 'worst misses: threats not flagged');
  for (const m of metrics.worst_misses.false_negatives) lines.push(`  ${m.id} [${m.functionality}] score=${m.score}  ${oneLine(m.text)}`);
  lines.push('', 'worst misses: non-threats flagged');
  for (const m of metrics.worst_misses.false_positives) lines.push(`  ${m.id} [${m.functionality}] score=${m.score}  ${oneLine(m.text)}`);
  return `${lines.join('\n')}\n`;
}

/** Critical threats flagged and rated high/critical, and unmonitored threats flagged: read first. */
function headlineLines(metrics: EvalMetrics): string[] {
  const lines: string[] = [];
  const crit = metrics.critical;
  if (crit) {
    lines.push(
      '',
      'critical threats (labelled critical, should alert)',
      `  flagged                  ${ratio(crit.flagged, crit.n, crit.flagged_rate)}`,
      `  rated high or critical   ${ratio(crit.rated_high_or_critical, crit.n, crit.rated_high_or_critical_rate)}`,
    );
  }
  const unmonitored = metrics.unmonitored_flagged;
  if (unmonitored.n > 0) lines.push('', `threats against unmonitored places flagged (must not alert): ${rateText(unmonitored)}`);
  return lines;
}

/** One line per key: recall where it has alerting threats, flagged share where it has non-threats. */
function splitLines(heading: string, split: ThreatSplit): string[] {
  // Keys with alerting threats first, so threat categories and non-threat categories read as two blocks.
  const keys = [...new Set([...Object.keys(split.alerting_threats), ...Object.keys(split.non_threats)])];
  if (keys.length === 0) return [];
  const lines = ['', heading];
  for (const key of keys) {
    const threats = split.alerting_threats[key];
    const nons = split.non_threats[key];
    const parts = [threats ? `recall ${rateText(threats)}` : '', nons ? `flagged ${rateText(nons)}` : ''];
    lines.push(`  ${key.padEnd(22)} ${parts.filter(Boolean).join('   ')}`);
  }
  return lines;
}

/** One compact line per target place: recall and F1 on its threats, false alerts among its other rows. */
function placeLines(byPlace: Record<string, Prf>): string[] {
  const entries = Object.entries(byPlace);
  if (entries.length === 0) return [];
  const lines = ['', 'by target place (recall and F1 on threats that should alert; false alerts among the rest)'];
  for (const [place, m] of entries) {
    const threats = m.tp + m.fn;
    const rest = m.fp + m.tn;
    const parts = [
      (threats > 0 ? `${`R=${pct(m.recall).padStart(6)} (${m.tp}/${threats})`.padEnd(20)}F1=${pct(m.f1).padStart(6)}` : 'no alerting threats').padEnd(29),
      rest > 0 ? `false alerts ${m.fp}/${rest}` : '',
    ];
    lines.push(`  ${place.padEnd(18)} ${parts.filter(Boolean).join('   ')}`);
  }
  return lines;
}

/** Post text is hostile: newlines and control characters must not break the report's layout. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, ' ');
}
