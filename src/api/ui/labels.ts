/** Words the reviewer UI shows for stored names and counts. */

/** A threat category as people say it: `death_threat` → "death threat". */
export function categoryLabel(category: string): string {
  return category.replace(/_/g, ' ');
}

/** One colour per threat category, most direct darkest; fixed so charts read alike everywhere. */
export const CATEGORY_COLOURS: Readonly<Record<string, string>> = {
  death_threat: '#8b0000',
  call_to_attack: '#c0392b',
  punishment: '#d35400',
  expulsion: '#b9770e',
  takfir: '#5b2c83',
  intimidation: '#2c6e9b',
};

/** A count with its noun in the right number: "1 source", "2 sources". */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * An audit-trail action as people say it. The analyzer's severity raise was stored as `escalated`
 * before migration 0007 (now `severity_raised`); those old rows read as what they were, not as the
 * reviewers' Escalate.
 */
export function eventLabel(event: { action: string; actor: string; from_status: string | null; to_status: string | null }): string {
  const automaticRaise = event.action === 'escalated' && event.actor === 'analyzer' && event.from_status === event.to_status;
  if (automaticRaise || event.action === 'severity_raised') return 'severity raised';
  return event.action.replace(/_/g, ' ');
}
