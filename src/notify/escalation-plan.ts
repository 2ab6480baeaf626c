import { durationToMs, severityAtLeast } from '../config/index.js';
import type { EscalationPolicyConfig, Severity } from '../config/index.js';

/** What to do at an escalation's due time (pure). */
export type EscalationStep =
  | { readonly kind: 'stop'; readonly reason: 'acknowledged' | 'closed' | 'policy_removed' }
  | {
      readonly kind: 'notify';
      readonly tier: number;
      readonly routes: readonly string[];
      /** When the following step is due, or null when this was the last. */
      readonly nextAt: Date | null;
    };

export interface EscalationAlertState {
  readonly status: string;
  readonly acknowledgedAt: Date | null;
}

/** Whether a policy covers an alert (severity, place, category). */
export function policyApplies(policy: EscalationPolicyConfig, alert: { severity: string; placeId: string; category: string }): boolean {
  if (!severityAtLeast(alert.severity as Severity, policy.min_severity)) return false;
  if (policy.places !== 'all' && !policy.places.includes(alert.placeId)) return false;
  if (policy.categories && !policy.categories.includes(alert.category as never)) return false;
  return true;
}

/** Total notifications a policy sends: each tier once, then the last tier `repeat_last` more times. */
export function policyLength(policy: EscalationPolicyConfig): number {
  return policy.tiers.length + policy.repeat_last;
}

/** The tier index of step `step` (repeats stay on the last tier). */
export function tierOfStep(policy: EscalationPolicyConfig, step: number): number {
  return Math.min(step, policy.tiers.length - 1);
}

/**
 * Decides the escalation step due now: stop when someone acknowledged (or closed) the alert or the
 * policy is gone; otherwise notify this step's tier and schedule the next one after its `after`.
 */
export function planEscalationStep(policy: EscalationPolicyConfig | undefined, step: number, alert: EscalationAlertState, now: Date): EscalationStep {
  if (alert.acknowledgedAt || alert.status === 'acknowledged') return { kind: 'stop', reason: 'acknowledged' };
  if (alert.status === 'resolved' || alert.status === 'false_positive') return { kind: 'stop', reason: 'closed' };
  if (!policy) return { kind: 'stop', reason: 'policy_removed' };
  const tier = tierOfStep(policy, step);
  const next = step + 1;
  const nextAt = next < policyLength(policy) ? new Date(now.getTime() + durationToMs(policy.tiers[tierOfStep(policy, next)]!.after)) : null;
  return { kind: 'notify', tier, routes: policy.tiers[tier]!.notify, nextAt };
}
