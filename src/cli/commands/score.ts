import type { Command } from 'commander';
import { analyzePost, wouldAlert, type Analysis } from '../../analysis/index.js';
import { safeForTerminal, setUpAnalyzer } from './analyzer-setup.js';

/** Registers `placewatch score TEXT [--json] [--any-target]`: the analyzer's full explanation of one text. */
export function registerScoreCommand(program: Command): void {
  program
    .command('score')
    .description('analyze one text and explain the score (places, threat words, modifiers, targets)')
    .argument('<text>', 'the post text')
    .option('--json', 'print the Analysis as one JSON document')
    .option('--any-target', 'score threats even when no monitored place is targeted')
    .option('--lang <lang>', 'language hint (en, ar)')
    .action((text: string, options: { json?: boolean; anyTarget?: boolean; lang?: string }, command: Command) => {
      const { config, analyzer } = setUpAnalyzer(command);
      const analysis = analyzePost({ text, lang: options.lang ?? null }, analyzer, { anyTarget: options.anyTarget ?? false });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(analysis, null, 2)}\n`);
        return;
      }
      const alert = wouldAlert(analysis, config.thresholds, options.anyTarget ?? false);
      process.stdout.write(formatAnalysis(text, analysis, alert));
    });
}

/** The human-readable explanation: verdict, then one table per kind of evidence with spans in the original. */
export function formatAnalysis(text: string, analysis: Analysis, alert: boolean): string {
  const q = (s: string): string => `"${safeForTerminal(s)}"`;
  const at = (span: { start: number; end: number }): string => `[${span.start},${span.end})`.padEnd(10);
  const lines = [
    `text:        ${q(text)}`,
    `verdict:     ${alert ? 'ALERT' : 'no alert'}  score=${analysis.score}  severity=${analysis.severity}${analysis.category ? `  category=${analysis.category}` : ''}`,
    `explanation: ${safeForTerminal(analysis.explanation)}`,
    '',
    'targets',
    ...(analysis.targets.length === 0
      ? ['  (none)']
      : analysis.targets.map(
          (t) => `  ${t.name.padEnd(22)} score=${String(t.score).padEnd(6)} ${t.severity.padEnd(9)} ${t.category.padEnd(15)} linked by ${t.linkedBy}`,
        )),
    '',
    'places named',
    ...(analysis.places.length === 0
      ? ['  (none)']
      : analysis.places.map(
          (p) =>
            `  ${at(p.span)} ${q(p.span.text).padEnd(34)} ${p.kind.padEnd(10)} ${p.placeId}${p.rollupPlaceId !== p.placeId ? ` → ${p.rollupPlaceId}` : ''}`,
        )),
    '',
    'threat signals',
    ...(analysis.signals.length === 0
      ? ['  (none)']
      : analysis.signals.map((s) => `  ${at(s.span)} ${q(s.span.text).padEnd(34)} ${s.category.padEnd(15)} weight=${s.weight}  ${s.phraseId}`)),
    '',
    'modifiers',
    ...(analysis.modifiers.length === 0
      ? ['  (none)']
      : analysis.modifiers.map((m) => `  ${at(m.span)} ${q(m.span.text).padEnd(34)} ${m.kind.padEnd(15)} ×${m.factor}  cue ${q(m.cue)}`)),
    '',
    `config ${analysis.configVersion}, model ${analysis.modelVersion}`,
  ];
  return `${lines.join('\n')}\n`;
}
