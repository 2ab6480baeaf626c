import { describe, expect, it } from 'vitest';
import { computeMetrics, evalRowSchema, formatReport, shouldAlert, type EvalItem } from '../../../src/eval/index.js';

const row = (id: string, label: 'threat' | 'not_threat', extra: Record<string, unknown> = {}) =>
  evalRowSchema.parse({ id, text: `text ${id}`, lang: 'en', label, ...extra });
/** An analyzer decision: flagged at `severity`, or not flagged when it is "none". */
const item = (id: string, severity = 'none', score = severity === 'none' ? 0.1 : 0.9): EvalItem => ({
  id,
  predicted: severity === 'none' ? 'not_threat' : 'threat',
  score,
  severity,
  target_places: [],
});

const threat = (id: string, category: string, extra: Record<string, unknown> = {}) =>
  row(id, 'threat', { category, target_place: 'Saraqib', severity: 'critical', phenomena: [], ...extra });
const nonThreat = (id: string, category: string, extra: Record<string, unknown> = {}) =>
  row(id, 'not_threat', { category, target_place: 'Saraqib', phenomena: [], ...extra });

describe('scenario-set metrics follow the README alert rule', () => {
  it('alerts on threats except threats against unmonitored places', () => {
    expect(shouldAlert(threat('a', 'death_threat'))).toBe(true);
    expect(shouldAlert(threat('b', 'threat_unmonitored', { target_place: 'Aleppo' }))).toBe(false);
    expect(shouldAlert(nonThreat('c', 'news_report'))).toBe(false);
    expect(shouldAlert(row('d', 'threat'))).toBe(true);
  });

  it('does not count an unflagged threat_unmonitored row as a miss', () => {
    const rows = [threat('a', 'death_threat'), threat('u', 'threat_unmonitored', { target_place: 'Aleppo' })];
    const metrics = computeMetrics(rows, [item('a', 'critical'), item('u')]);
    expect(metrics.overall).toMatchObject({ tp: 1, fn: 0, fp: 0, tn: 1, recall: 1, precision: 1 });
    expect(metrics.worst_misses.false_negatives).toEqual([]);
    expect(metrics.unmonitored_flagged).toEqual({ flagged: 0, n: 1, rate: 0 });
    expect(metrics.severity_recall.critical).toEqual({ n: 1, flagged: 1, recall: 1, same_severity: 1 });
  });

  it('counts a flagged threat_unmonitored row as unmonitored_flagged and as a false alert', () => {
    const rows = [
      threat('a', 'death_threat'),
      threat('u', 'threat_unmonitored', { target_place: 'Aleppo' }),
      threat('v', 'threat_unmonitored', { target_place: 'Homs' }),
    ];
    const metrics = computeMetrics(rows, [item('a', 'critical'), item('u', 'high'), item('v')]);
    expect(metrics.unmonitored_flagged).toEqual({ flagged: 1, n: 2, rate: 0.5 });
    expect(metrics.overall).toMatchObject({ tp: 1, fp: 1, fn: 0, tn: 1, precision: 0.5, recall: 1 });
    expect(metrics.worst_misses.false_positives.map((m) => m.id)).toEqual(['u']);
    expect(metrics.by_severity.high).toEqual({ flagged: 1, true_threats: 0, precision: 0 });
    expect(metrics.calibration.bins.find((b) => b.n === 2)?.observed_rate).toBe(0.5);
    expect(metrics.critical).toMatchObject({ n: 1, flagged: 1 });
    expect(formatReport(metrics, 'set.jsonl')).toContain('threats against unmonitored places flagged (must not alert): 1/2 (50.0%)');
  });

  it('reports recall per category over alerting threats and flag rate per category over non-threats', () => {
    const rows = [
      threat('a', 'death_threat'),
      threat('b', 'death_threat'),
      threat('c', 'expulsion', { severity: 'high' }),
      threat('u', 'threat_unmonitored', { target_place: 'Aleppo' }),
      nonThreat('n1', 'news_report'),
      nonThreat('n2', 'news_report'),
      nonThreat('n3', 'joke'),
    ];
    const items = [item('a', 'critical'), item('b'), item('c', 'high'), item('u', 'critical'), item('n1', 'medium'), item('n2'), item('n3')];
    const { by_category } = computeMetrics(rows, items);
    expect(by_category.alerting_threats).toEqual({
      death_threat: { flagged: 1, n: 2, rate: 0.5 },
      expulsion: { flagged: 1, n: 1, rate: 1 },
    });
    expect(by_category.non_threats).toEqual({
      joke: { flagged: 0, n: 1, rate: 0 },
      news_report: { flagged: 1, n: 2, rate: 0.5 },
    });
  });

  it('reports recall per phenomenon over alerting threats and flag rate per phenomenon over non-threats', () => {
    const rows = [
      threat('a', 'death_threat', { phenomena: ['obfuscation', 'vocative'] }),
      threat('b', 'takfir', { phenomena: ['vocative'] }),
      threat('u', 'threat_unmonitored', { target_place: 'Aleppo', phenomena: ['vocative'] }),
      nonThreat('n1', 'sport', { phenomena: ['emoji'] }),
      nonThreat('n2', 'counter_speech', { phenomena: ['emoji', 'vocative'] }),
    ];
    const items = [item('a', 'critical'), item('b'), item('u', 'critical'), item('n1', 'low'), item('n2')];
    const metrics = computeMetrics(rows, items);
    expect(metrics.by_phenomenon.alerting_threats).toEqual({
      obfuscation: { flagged: 1, n: 1, rate: 1 },
      vocative: { flagged: 1, n: 2, rate: 0.5 },
    });
    expect(metrics.by_phenomenon.non_threats).toEqual({
      emoji: { flagged: 1, n: 2, rate: 0.5 },
      vocative: { flagged: 0, n: 1, rate: 0 },
    });
    const report = formatReport(metrics, 'set.jsonl');
    expect(report).toMatch(/\n {2}vocative +recall 1\/2 \(50\.0%\) {3}flagged 0\/1 \(0\.0%\)\n/);
  });

  it('reports recall and F1 per target place, one line per place', () => {
    const rows = [
      threat('a', 'death_threat', { target_place: 'Taiz' }),
      threat('b', 'death_threat', { target_place: 'Taiz' }),
      nonThreat('n', 'weather', { target_place: 'Taiz' }),
      threat('c', 'call_to_attack', { target_place: 'Saraqib' }),
    ];
    const metrics = computeMetrics(rows, [item('a', 'critical'), item('b'), item('n', 'high'), item('c', 'critical')]);
    expect(metrics.by_target_place.Taiz).toMatchObject({ tp: 1, fn: 1, fp: 1, tn: 0, recall: 0.5, precision: 0.5, f1: 0.5 });
    expect(metrics.by_target_place.Saraqib).toMatchObject({ tp: 1, recall: 1, f1: 1 });
    const report = formatReport(metrics, 'set.jsonl');
    const placeLines = report.split('\n').filter((l) => /^ {2}(Taiz|Saraqib) /.test(l));
    expect(placeLines).toHaveLength(2);
    expect(placeLines[1]).toMatch(/Taiz +R= +50\.0% \(1\/2\) +F1= +50\.0% +false alerts 1\/1/);
  });

  it('counts critical threats flagged and rated high or critical, and prints them right after the language table', () => {
    const rows = [
      threat('a', 'death_threat'),
      threat('b', 'death_threat'),
      threat('c', 'call_to_attack'),
      threat('d', 'takfir'),
      threat('e', 'punishment', { severity: 'high' }),
      threat('u', 'threat_unmonitored', { target_place: 'Aleppo' }),
    ];
    const items = [item('a', 'critical'), item('b', 'high'), item('c', 'medium'), item('d'), item('e', 'high'), item('u')];
    const metrics = computeMetrics(rows, items);
    expect(metrics.critical).toEqual({ n: 4, flagged: 3, flagged_rate: 0.75, rated_high_or_critical: 2, rated_high_or_critical_rate: 0.5 });
    const report = formatReport(metrics, 'set.jsonl');
    expect(report).toContain('  flagged                  3/4 (75.0%)\n  rated high or critical   2/4 (50.0%)');
    expect(report.indexOf('critical threats')).toBeGreaterThan(report.indexOf('by language'));
    expect(report.indexOf('critical threats')).toBeLessThan(report.indexOf('flag rates among non-threats'));
  });

  it('computes a hatecheck-style set (no category, phenomena, place or severity) as before and prints no scenario section', () => {
    const rows = [
      row('t1', 'threat', { functionality_or_source_label: 'threat_dir_h' }),
      row('t2', 'threat', { functionality_or_source_label: 'threat_dir_h' }),
      row('n1', 'not_threat', { functionality_or_source_label: 'threat_norm_nh', contrast_of: 'threat' }),
      row('n2', 'not_threat', { functionality_or_source_label: 'derog_neg_emote_h' }),
    ];
    const metrics = computeMetrics(rows, [item('t1', 'critical'), item('t2'), item('n1', 'high'), item('n2')]);
    expect(metrics.overall).toEqual({ n: 4, tp: 1, fp: 1, fn: 1, tn: 1, precision: 0.5, recall: 0.5, f1: 0.5, flag_rate_non_threat: 0.5 });
    expect(metrics.by_functionality['en/threat_dir_h']).toMatchObject({ tp: 1, fn: 1 });
    expect(metrics.flag_rates.en).toEqual({ contrast_of_threat: { flagged: 1, n: 1, rate: 1 }, all_non_threats: { flagged: 1, n: 2, rate: 0.5 } });
    expect(metrics.worst_misses.false_negatives.map((m) => m.id)).toEqual(['t2']);
    expect(metrics.critical).toBeNull();
    expect(metrics.unmonitored_flagged).toEqual({ flagged: 0, n: 0, rate: 0 });
    expect(metrics.by_category).toEqual({ alerting_threats: {}, non_threats: {} });
    expect(metrics.by_phenomenon).toEqual({ alerting_threats: {}, non_threats: {} });
    expect(metrics.by_target_place).toEqual({});
    const report = formatReport(metrics, 'hatecheck.jsonl');
    for (const heading of [
      'critical threats',
      'unmonitored',
      'by category',
      'by phenomenon',
      'by target place',
      'recall by labelled severity',
      'hard negatives',
    ]) {
      expect(report, heading).not.toContain(heading);
    }
    expect(report).toContain('by functionality');
  });
});
