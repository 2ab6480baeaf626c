import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { appendAudit } from '../users/index.js';
import { endSilence, findSilence, insertSilence, type NewSilence, type SilenceRow } from './silence-repository.js';
import { TriageError } from './triage-errors.js';

/** Longest a silence may run: anything longer should be a config change, not a silence. */
export const MAX_SILENCE_MS = 30 * 24 * 60 * 60_000;

/** Creates a silence (reason, owner and expiry are mandatory) and audits it. */
export async function createSilence(db: Kysely<Database>, silence: NewSilence): Promise<SilenceRow> {
  const ms = silence.expiresAt.getTime() - Date.now();
  if (!(ms > 0 && ms <= MAX_SILENCE_MS)) throw new TriageError('INVALID_REQUEST', 'a silence must expire in the future and within 30 days');
  return db.transaction().execute(async (tx) => {
    const row = await insertSilence(tx, silence);
    await appendAudit(tx, { actor: silence.createdBy, action: 'silence.create', subjectType: 'silence', subjectId: row.id, after: silenceView(row) });
    return row;
  });
}

/** Ends a silence before its expiry; its alerts show again at once. */
export async function stopSilence(db: Kysely<Database>, id: string, actor: string): Promise<SilenceRow> {
  return db.transaction().execute(async (tx) => {
    const before = /^\d{1,19}$/.test(id) ? await findSilence(tx, id) : undefined;
    if (!before) throw new TriageError('ALERT_NOT_FOUND', `no silence ${id}`, { silenceId: id });
    if (!(await endSilence(tx, id, actor))) throw new TriageError('INVALID_TRANSITION', `silence ${id} has already ended`);
    const after = (await findSilence(tx, id))!;
    await appendAudit(tx, { actor, action: 'silence.end', subjectType: 'silence', subjectId: id, before: silenceView(before), after: silenceView(after) });
    return after;
  });
}

function silenceView(row: SilenceRow): Record<string, unknown> {
  return {
    kind: row.kind,
    place_id: row.place_id,
    phrase: row.phrase,
    reason: row.reason,
    owner: row.owner,
    expires_at: new Date(row.expires_at).toISOString(),
    ended_at: row.ended_at ? new Date(row.ended_at).toISOString() : null,
  };
}
