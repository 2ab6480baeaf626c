import { describe, expect, it } from 'vitest';
import { escalationPolicySchema } from '../../../src/config/schema/routes.js';
import { planEscalationStep, policyApplies } from '../../../src/notify/escalation-plan.js';

const policy = escalationPolicySchema.parse({
  name: 'critical',
  tiers: [
    { after: '15m', notify: ['duty'] },
    { after: '30m', notify: ['lead'] },
  ],
  repeat_last: 1,
});
const open = { status: 'new', acknowledgedAt: null };
const now = new Date('2026-01-01T10:00:00Z');

describe('escalation steps', () => {
  it('climb the tiers, repeat the last, then end', () => {
    expect(planEscalationStep(policy, 0, open, now)).toEqual({ kind: 'notify', tier: 0, routes: ['duty'], nextAt: new Date('2026-01-01T10:30:00Z') });
    expect(planEscalationStep(policy, 1, open, now)).toEqual({ kind: 'notify', tier: 1, routes: ['lead'], nextAt: new Date('2026-01-01T10:30:00Z') });
    expect(planEscalationStep(policy, 2, open, now)).toEqual({ kind: 'notify', tier: 1, routes: ['lead'], nextAt: null });
  });

  it('stop as soon as the alert is acknowledged or closed, or the policy is gone', () => {
    expect(planEscalationStep(policy, 1, { status: 'new', acknowledgedAt: now }, now)).toEqual({ kind: 'stop', reason: 'acknowledged' });
    expect(planEscalationStep(policy, 1, { status: 'false_positive', acknowledgedAt: null }, now)).toEqual({ kind: 'stop', reason: 'closed' });
    expect(planEscalationStep(undefined, 1, open, now)).toEqual({ kind: 'stop', reason: 'policy_removed' });
  });

  it('apply to critical alerts by default', () => {
    expect(policyApplies(policy, { severity: 'critical', placeId: 'x', category: 'death_threat' })).toBe(true);
    expect(policyApplies(policy, { severity: 'high', placeId: 'x', category: 'death_threat' })).toBe(false);
  });
});
