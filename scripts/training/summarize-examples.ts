import type { ExampleRow } from './example-types.js';

/** A plain-text table of rows by language × label × category, and of phenomena. */
export function summarize(rows: readonly ExampleRow[]): string {
  const byCell = new Map<string, number>();
  const byPhenomenon = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string): void => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  let hard = 0;
  let nonThreats = 0;
  let implicit = 0;
  let threats = 0;
  let contrasts = 0;
  let everyday = 0;
  for (const r of rows) {
    bump(byCell, `${r.lang}\t${r.label}\t${r.category}`);
    bump(byCell, `${r.lang}\t${r.label}\t*`);
    for (const p of r.phenomena) bump(byPhenomenon, p);
    if (r.label === 'threat') {
      threats++;
      if (r.phenomena.includes('implicit')) implicit++;
    } else {
      nonThreats++;
      if (r.hard_negative) hard++;
      if (r.category === 'contrast') contrasts++;
      if (r.category === 'everyday') everyday++;
    }
  }
  const lines = [
    `rows ${rows.length}: threats ${threats} (implicit ${((100 * implicit) / threats).toFixed(1)}%), non-threats ${nonThreats} (hard ${((100 * hard) / nonThreats).toFixed(1)}%, contrasts ${contrasts}, everyday ${everyday})`,
    '',
  ];
  for (const [k, n] of [...byCell].sort()) lines.push(`${k}\t${n}`);
  lines.push('', 'phenomena:');
  for (const [k, n] of [...byPhenomenon].sort((a, b) => b[1] - a[1])) lines.push(`${k}\t${n}`);
  return lines.join('\n') + '\n';
}
