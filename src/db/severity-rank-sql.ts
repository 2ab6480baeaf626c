import { sql, type RawBuilder } from 'kysely';
import { SEVERITY_ORDER } from '../vocabulary/index.js';

/**
 * A severity column's rank in SQL, built from the one SEVERITY_ORDER: 1 for critical up to 5 for
 * none, so `order by` it lists the most urgent first.
 *
 * @example db.selectFrom('alerts').selectAll().orderBy(severityRankSql('alerts.severity'))
 */
export function severityRankSql(column: string): RawBuilder<number> {
  const order = sql.join(SEVERITY_ORDER.map((severity) => sql.lit(severity)));
  return sql<number>`array_position(array[${order}]::text[], ${sql.ref(column)})`;
}
