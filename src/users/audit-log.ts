import type { Db } from '../db/index.js';

export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly subjectType: 'user' | 'api_token' | 'silence' | 'session' | 'subscription' | 'notification';
  readonly subjectId: string;
  readonly before?: Record<string, unknown> | null;
  readonly after?: Record<string, unknown> | null;
}

/** Appends to the audit log of actions that concern no single alert (users, tokens, silences). */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor: entry.actor,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      before: entry.before ? JSON.stringify(entry.before) : null,
      after: entry.after ? JSON.stringify(entry.after) : null,
    })
    .execute();
}

/** The newest audit entries first. */
export async function listAudit(db: Db, limit = 100) {
  return db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
}
