import { sql, type Kysely, type Transaction, type Updateable } from 'kysely';
import { appendAlertEvent } from '../alert-events/index.js';
import { durationToMs, SEVERITY_ORDER, severityAtLeast } from '../config/index.js';
import type { EscalationPolicyConfig, RoutesFile } from '../config/index.js';
import type { AlertEscalationsTable, Database } from '../db/index.js';
import { enqueueNotifications } from './outbox.js';
import { planEscalationStep } from './escalation-plan.js';
import { subscriptionFromRoute } from './subscription.js';

/** Alerts older than this are not picked up by a policy added later (no escalation storm). */
const START_HORIZON_MS = 7 * 86_400_000;

export interface EscalationDeps {
  readonly db: Kysely<Database>;
  readonly routes: RoutesFile;
  readonly publicUrl: string;
  readonly now?: Date;
}

export interface EscalationTick {
  readonly started: number;
  readonly notified: number;
  readonly stopped: number;
}

/**
 * One scan of the escalation state, run by the scheduler role. Timers are rows with a due time in
 * Postgres, so they survive restarts of every process; each step runs in one transaction with its
 * outbox rows and audit event, and a row lock keeps two schedulers from running the same step.
 */
export async function runEscalations(deps: EscalationDeps): Promise<EscalationTick> {
  const now = deps.now ?? new Date();
  const policies = deps.routes.escalation_policies ?? [];
  let started = 0;
  for (const policy of policies) started += await startEscalations(deps.db, policy, now);
  const due = await deps.db
    .selectFrom('alert_escalations')
    .select(['alert_id', 'policy'])
    .where('status', '=', 'active')
    .where('next_at', '<=', now)
    .orderBy('next_at')
    .limit(100)
    .execute();
  let notified = 0;
  let stopped = 0;
  for (const { alert_id, policy } of due) {
    const result = await deps.db.transaction().execute((tx) => runStep(tx, deps, alert_id, policy, now));
    if (result === 'notified') notified++;
    if (result === 'stopped') stopped++;
  }
  return { started, notified, stopped };
}

/** Opens an escalation for every unacknowledged alert the policy covers; timed from the alert's creation. */
async function startEscalations(db: Kysely<Database>, policy: EscalationPolicyConfig, now: Date): Promise<number> {
  const severities = SEVERITY_ORDER.filter((s) => severityAtLeast(s, policy.min_severity));
  const firstAfter = `${durationToMs(policy.tiers[0]!.after)} milliseconds`;
  return db.transaction().execute(async (tx) => {
    const inserted = await sql<{ alert_id: string }>`
      insert into alert_escalations (alert_id, policy, next_at)
      select a.id, ${policy.name}, a.created_at + ${firstAfter}::interval
      from alerts a
      where a.acknowledged_at is null
        and a.status in ('new', 'escalated')
        and a.severity = any(${severities}::text[])
        and a.created_at > ${new Date(now.getTime() - START_HORIZON_MS)}
        ${policy.places === 'all' ? sql`` : sql`and a.place_id = any(${policy.places}::text[])`}
        ${policy.categories ? sql`and a.category = any(${policy.categories}::text[])` : sql``}
      on conflict (alert_id, policy) do nothing
      returning alert_id`.execute(tx);
    for (const { alert_id } of inserted.rows) {
      await appendEvent(tx, alert_id, 'escalation_started', { policy: policy.name, firstTierAfter: policy.tiers[0]!.after });
    }
    return inserted.rows.length;
  });
}

async function runStep(
  tx: Transaction<Database>,
  deps: EscalationDeps,
  alertId: string,
  policyName: string,
  now: Date,
): Promise<'notified' | 'stopped' | 'skipped'> {
  const row = await tx
    .selectFrom('alert_escalations as e')
    .innerJoin('alerts as a', 'a.id', 'e.alert_id')
    .select([
      'e.step',
      'a.status',
      'a.acknowledged_at',
      'a.created_at',
      'a.place_id',
      'a.place_name',
      'a.severity',
      'a.category',
      'a.post_count',
      'a.distinct_authors',
      'a.campaign',
    ])
    .where('e.alert_id', '=', alertId)
    .where('e.policy', '=', policyName)
    .where('e.status', '=', 'active')
    .where('e.next_at', '<=', now)
    .forUpdate('e')
    .skipLocked()
    .executeTakeFirst();
  if (!row) return 'skipped';
  const policy = deps.routes.escalation_policies?.find((p) => p.name === policyName);
  const plan = planEscalationStep(policy, row.step, { status: row.status, acknowledgedAt: row.acknowledged_at ? new Date(row.acknowledged_at) : null }, now);
  if (plan.kind === 'stop') {
    await setEscalation(tx, alertId, policyName, { status: plan.reason === 'acknowledged' ? 'acknowledged' : 'ended', updated_at: now });
    await appendEvent(tx, alertId, 'escalation_stopped', {
      policy: policyName,
      step: row.step,
      reason: plan.reason,
      ...ackFigures(row.created_at, row.acknowledged_at),
    });
    return 'stopped';
  }
  const byName = new Map(deps.routes.routes.map((r) => [r.name, r]));
  const routes = plan.routes.flatMap((name) => (byName.has(name) ? [byName.get(name)!] : []));
  const unacknowledgedMinutes = (now.getTime() - new Date(row.created_at).getTime()) / 60_000;
  await enqueueNotifications(
    tx,
    routes.map((r) => ({ subscription: subscriptionFromRoute(r), digest: false })),
    {
      alertId,
      change: 'escalation',
      sequence: `${policyName}-${row.step}`,
      payload: {
        alertId,
        event: 'escalation',
        place: row.place_id,
        placeName: row.place_name,
        severity: row.severity,
        category: row.category,
        postCount: row.post_count,
        distinctAuthors: row.distinct_authors,
        campaign: row.campaign,
        link: `${deps.publicUrl.replace(/\/$/, '')}/alerts/${alertId}`,
        escalation: { policy: policyName, step: row.step, tier: plan.tier, unacknowledgedMinutes },
      },
    },
    now,
  );
  await appendEvent(tx, alertId, 'escalation_notified', {
    policy: policyName,
    step: row.step,
    tier: plan.tier,
    routes: routes.map((r) => r.name),
    unacknowledgedMinutes: Math.round(unacknowledgedMinutes),
  });
  if (plan.nextAt) {
    await setEscalation(tx, alertId, policyName, { step: row.step + 1, next_at: plan.nextAt, updated_at: now });
  } else {
    await setEscalation(tx, alertId, policyName, { step: row.step + 1, status: 'ended', updated_at: now });
    await appendEvent(tx, alertId, 'escalation_ended', { policy: policyName, steps: row.step + 1, reason: 'policy exhausted' });
  }
  return 'notified';
}

/**
 * Stops an alert's running escalations at once (the triage API calls this on acknowledge, in the
 * same transaction); the scheduler would also stop them at their next due time.
 */
export async function stopEscalations(tx: Kysely<Database> | Transaction<Database>, alertId: string, actor: string): Promise<number> {
  const stopped = await tx
    .updateTable('alert_escalations')
    .set({ status: 'acknowledged', updated_at: new Date() })
    .where('alert_id', '=', alertId)
    .where('status', '=', 'active')
    .returning(['policy', 'step'])
    .execute();
  for (const row of stopped) await appendEvent(tx, alertId, 'escalation_stopped', { policy: row.policy, step: row.step, reason: 'acknowledged', by: actor });
  return stopped.length;
}

function ackFigures(createdAt: Date, acknowledgedAt: Date | null): Record<string, unknown> {
  if (!acknowledgedAt) return {};
  return { timeToAcknowledgeSeconds: Math.round((new Date(acknowledgedAt).getTime() - new Date(createdAt).getTime()) / 1000) };
}

async function setEscalation(tx: Transaction<Database>, alertId: string, policy: string, patch: Updateable<AlertEscalationsTable>): Promise<void> {
  await tx.updateTable('alert_escalations').set(patch).where('alert_id', '=', alertId).where('policy', '=', policy).execute();
}

/** Every step lands in the alert's audit trail, under the actor "escalation". */
function appendEvent(db: Kysely<Database> | Transaction<Database>, alertId: string, action: string, data: Record<string, unknown>): Promise<void> {
  return appendAlertEvent(db, { alertId, actor: 'escalation', action, data });
}
