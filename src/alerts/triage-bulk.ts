import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { TriageError } from './triage-errors.js';
import { applyStatusAction, assignAlert, type TriageActor } from './triage-service.js';
import type { StatusAction } from './triage-transitions.js';

export type BulkAction = StatusAction | 'assign';

export interface BulkResult {
  readonly id: string;
  readonly ok: boolean;
  readonly status?: string;
  readonly error?: string;
}

/**
 * Applies one action to a selection, each alert in its own transaction: one alert in the wrong
 * state fails alone (reported per id) instead of undoing the whole selection.
 */
export async function applyBulkAction(
  db: Kysely<Database>,
  input: { ids: readonly string[]; action: BulkAction; actor: TriageActor; note?: string | undefined; assignee?: string | null | undefined },
): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const id of [...new Set(input.ids)]) {
    try {
      const alert =
        input.action === 'assign'
          ? await assignAlert(db, { alertId: id, assignee: input.assignee ?? null, actor: input.actor, note: input.note })
          : await applyStatusAction(db, { alertId: id, action: input.action, actor: input.actor, note: input.note });
      results.push({ id, ok: true, status: alert.status });
    } catch (error) {
      if (!(error instanceof TriageError)) throw error;
      results.push({ id, ok: false, error: error.code });
    }
  }
  return results;
}
