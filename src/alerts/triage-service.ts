import { stopEscalations } from '../notify/index.js';
import type { Kysely, Transaction } from 'kysely';
import { appendAlertEvent } from '../alert-events/index.js';
import type { Database } from '../db/index.js';
import { alertFigures, EMPTIED_FIGURES, type CampaignPolicy } from './alert-figures.js';
import { computeEvidenceStats, insertAlert, updateAlert } from './alert-repository.js';
import type { AlertRow } from './alert-row.js';
import { TriageError } from './triage-errors.js';
import { inScope, type PlaceScope } from './triage-query.js';
import { findAlert, lockAlert, moveEvidence, updateTriageFields, type TriageUpdate } from './triage-repository.js';
import { nextStatus, type StatusAction } from './triage-transitions.js';

/** The person acting: their email goes into the audit trail, their scope limits what they reach. */
export interface TriageActor {
  readonly email: string;
  readonly scope: PlaceScope;
}

/** Applies acknowledge / escalate / resolve / false positive / reopen, with its audit event. */
export async function applyStatusAction(
  db: Kysely<Database>,
  input: { alertId: string; action: StatusAction; actor: TriageActor; note?: string | undefined },
): Promise<AlertRow> {
  return db.transaction().execute(async (tx) => {
    const alert = await lockInScope(tx, input.alertId, input.actor);
    const to = nextStatus(input.action, alert.status);
    if (!to) {
      throw new TriageError('INVALID_TRANSITION', `cannot ${input.action.replace('_', ' ')} an alert that is ${alert.status.replace('_', ' ')}`, {
        alertId: alert.id,
        status: alert.status,
        action: input.action,
      });
    }
    const stampsAck = input.action === 'acknowledge' && !alert.acknowledged_at;
    // Whoever acknowledges an unowned alert has taken it on: it becomes theirs, as a claim would.
    const takesOwnership = input.action === 'acknowledge' && !alert.assignee;
    const update: TriageUpdate = {
      status: to,
      ...(stampsAck ? { acknowledged_at: new Date() } : {}),
      ...(takesOwnership ? { assignee: input.actor.email } : {}),
    };
    // Someone answered: pending escalation tiers stop in the same transaction.
    if (input.action === 'acknowledge' || input.action === 'resolve' || input.action === 'false_positive') {
      await stopEscalations(tx, alert.id, input.actor.email);
    }
    return record(tx, alert, input.action, update, input.actor, input.note);
  });
}

/** Assigns an alert to someone (or nobody); claiming is assigning to oneself. */
export async function assignAlert(
  db: Kysely<Database>,
  input: { alertId: string; assignee: string | null; actor: TriageActor; note?: string | undefined },
): Promise<AlertRow> {
  return db.transaction().execute(async (tx) => {
    const alert = await lockInScope(tx, input.alertId, input.actor);
    const action = input.assignee === input.actor.email ? 'claim' : input.assignee ? 'assign' : 'unassign';
    return record(tx, alert, action, { assignee: input.assignee }, input.actor, input.note);
  });
}

/** Adds a note to the trail without changing the alert. */
export async function addNote(db: Kysely<Database>, input: { alertId: string; actor: TriageActor; note: string }): Promise<AlertRow> {
  return db.transaction().execute(async (tx) => {
    const alert = await lockInScope(tx, input.alertId, input.actor);
    return record(tx, alert, 'note', {}, input.actor, input.note);
  });
}

/**
 * Merges `sourceId` into `targetId` (same place): the evidence moves, the target's figures are
 * recomputed under the current campaign thresholds, and the source is marked merged with a link
 * to the target (as the analyzer does).
 */
export async function mergeAlerts(
  db: Kysely<Database>,
  input: { sourceId: string; targetId: string; actor: TriageActor; campaign: CampaignPolicy; note?: string | undefined },
): Promise<AlertRow> {
  if (input.sourceId === input.targetId) throw new TriageError('INVALID_REQUEST', 'cannot merge an alert into itself');
  return db.transaction().execute(async (tx) => {
    // Lock in id order so two opposite merges cannot deadlock.
    const [first, second] = [input.sourceId, input.targetId].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    const locked = new Map<string, AlertRow>();
    for (const id of [first!, second!]) locked.set(id, await lockInScope(tx, id, input.actor));
    const source = locked.get(input.sourceId)!;
    const target = locked.get(input.targetId)!;
    if (source.place_id !== target.place_id) {
      throw new TriageError('INVALID_REQUEST', 'only alerts about the same place can be merged', { sourceId: source.id, targetId: target.id });
    }
    if (source.linked_alert_id === target.id && source.post_count === 0) {
      throw new TriageError('INVALID_TRANSITION', 'alert was already merged', { sourceId: source.id });
    }
    const moved = await moveEvidence(tx, source.id, target.id);
    await refreshFigures(tx, target.id, input.campaign);
    await updateAlert(tx, source.id, EMPTIED_FIGURES);
    await record(tx, source, 'merged_into', { status: 'merged', linked_alert_id: target.id }, input.actor, input.note, { targetId: target.id, moved });
    const after = (await findAlert(tx, target.id))!;
    return record(tx, after, 'merged', {}, input.actor, input.note, { sourceId: source.id, moved });
  });
}

type SplitInput = { alertId: string; actor: TriageActor; campaign: CampaignPolicy; note?: string | undefined };

/**
 * Moves one post out of an alert into a new alert of its own (status new, linked to the original);
 * both alerts' figures are recomputed under the current campaign thresholds.
 */
export async function splitPost(db: Kysely<Database>, input: SplitInput & { postId: string }): Promise<{ source: AlertRow; created: AlertRow }> {
  return splitEvidence(db, input, async (_tx, evidence, sourceId) => {
    if (!evidence.some((e) => e.post_id === input.postId))
      throw new TriageError('INVALID_REQUEST', `post ${input.postId} is not evidence of alert ${sourceId}`, { alertId: sourceId });
    return { postIds: [input.postId], data: { postId: input.postId } };
  });
}

/**
 * Moves every copy of one text (a near-duplicate cluster) out of an alert into a new alert of its
 * own, as splitPost does for one post: a copy-paste campaign that is its own event.
 */
export async function splitCluster(db: Kysely<Database>, input: SplitInput & { clusterId: string }): Promise<{ source: AlertRow; created: AlertRow }> {
  return splitEvidence(db, input, async (tx, evidence, sourceId) => {
    const ids = evidence.map((e) => e.post_id);
    const copies = ids.length === 0 ? [] : await tx.selectFrom('posts').select('id').where('id', 'in', ids).where('cluster_id', '=', input.clusterId).execute();
    if (copies.length === 0)
      throw new TriageError('INVALID_REQUEST', `no post of cluster ${input.clusterId} is evidence of alert ${sourceId}`, { alertId: sourceId });
    const postIds = copies.map((c) => c.id);
    return { postIds, data: { clusterId: input.clusterId, postIds } };
  });
}

/** The shared split: `choose` names the posts to move; at least one post stays behind. */
async function splitEvidence(
  db: Kysely<Database>,
  input: SplitInput,
  choose: (
    tx: Transaction<Database>,
    evidence: ReadonlyArray<{ post_id: string }>,
    sourceId: string,
  ) => Promise<{ postIds: string[]; data: Record<string, unknown> }>,
): Promise<{ source: AlertRow; created: AlertRow }> {
  return db.transaction().execute(async (tx) => {
    const source = await lockInScope(tx, input.alertId, input.actor);
    const evidence = await tx.selectFrom('alert_posts').selectAll().where('alert_id', '=', source.id).execute();
    if (evidence.length < 2) throw new TriageError('INVALID_REQUEST', 'an alert with one post cannot be split', { alertId: source.id });
    const { postIds, data } = await choose(tx, evidence, source.id);
    if (postIds.length >= evidence.length)
      throw new TriageError('INVALID_REQUEST', 'a split must leave at least one post in the alert', { alertId: source.id });
    const moving = evidence.filter((e) => postIds.includes(e.post_id));
    // The new alert starts from its strongest post, first seen when its earliest post was published.
    const strongest = moving.reduce((best, e) => (e.score > best.score ? e : best));
    const earliest = await tx
      .selectFrom('posts')
      .select((eb) => eb.fn.min('published_at').as('at'))
      .where('id', 'in', postIds)
      .executeTakeFirstOrThrow();
    const created = await insertAlert(tx, {
      placeId: source.place_id,
      placeName: source.place_name,
      category: strongest.category,
      severity: strongest.severity,
      score: strongest.score,
      seenAt: new Date(earliest.at as Date),
      linkedAlertId: source.id,
    });
    await moveEvidence(tx, source.id, created.id, postIds);
    await refreshFigures(tx, source.id, input.campaign);
    await refreshFigures(tx, created.id, input.campaign);
    const fresh = (await findAlert(tx, created.id))!;
    await appendAlertEvent(tx, {
      alertId: created.id,
      actor: input.actor.email,
      action: 'opened',
      toStatus: 'new',
      note: input.note ?? null,
      data: { splitFrom: source.id, ...data, after: snapshot(fresh) },
    });
    const updated = await record(tx, (await findAlert(tx, source.id))!, 'split', {}, input.actor, input.note, { ...data, newAlertId: created.id });
    return { source: updated, created: fresh };
  });
}

async function lockInScope(tx: Transaction<Database>, alertId: string, actor: TriageActor): Promise<AlertRow> {
  const alert = await lockAlert(tx, alertId);
  // Out-of-scope alerts are reported as missing, so officers cannot probe other places' ids.
  if (!alert || !inScope(alert, actor.scope)) throw new TriageError('ALERT_NOT_FOUND', `no alert ${alertId}`, { alertId });
  return alert;
}

/** Applies an update and appends the event with the before and after of what it changed. */
async function record(
  tx: Transaction<Database>,
  alert: AlertRow,
  action: string,
  update: TriageUpdate,
  actor: TriageActor,
  note: string | undefined,
  extra: Record<string, unknown> = {},
): Promise<AlertRow> {
  if (Object.keys(update).length > 0) await updateTriageFields(tx, alert.id, update);
  else await updateTriageFields(tx, alert.id, {}); // still bumps updated_at so live views refresh the trail
  const after = (await findAlert(tx, alert.id))!;
  await appendAlertEvent(tx, {
    alertId: alert.id,
    actor: actor.email,
    action,
    fromStatus: alert.status,
    toStatus: after.status,
    note: note ?? null,
    data: { ...extra, before: snapshot(alert), after: snapshot(after) },
  });
  return after;
}

function snapshot(alert: AlertRow): Record<string, unknown> {
  return {
    status: alert.status,
    assignee: alert.assignee,
    severity: alert.severity,
    campaign: alert.campaign,
    post_count: alert.post_count,
    linked_alert_id: alert.linked_alert_id,
    acknowledged_at: alert.acknowledged_at ? new Date(alert.acknowledged_at).toISOString() : null,
  };
}

/** Recomputes an alert's figures from its evidence after posts moved in or out. */
async function refreshFigures(tx: Transaction<Database>, alertId: string, campaign: CampaignPolicy): Promise<void> {
  await updateAlert(tx, alertId, alertFigures(await computeEvidenceStats(tx, alertId), campaign));
}
