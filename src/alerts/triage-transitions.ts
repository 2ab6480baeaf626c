import type { AlertStatus } from '../vocabulary/index.js';

/** What a person can do to an alert's status. */
export const STATUS_ACTIONS = ['acknowledge', 'escalate', 'resolve', 'false_positive', 'reopen'] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

const OPEN: readonly AlertStatus[] = ['new', 'acknowledged', 'escalated'];

const RULES: Readonly<Record<StatusAction, { from: readonly AlertStatus[]; to: (from: AlertStatus) => AlertStatus }>> = {
  // Acknowledging an escalated alert records who saw it without undoing the escalation.
  acknowledge: { from: ['new', 'escalated'], to: (from) => (from === 'escalated' ? 'escalated' : 'acknowledged') },
  escalate: { from: ['new', 'acknowledged'], to: () => 'escalated' },
  resolve: { from: OPEN, to: () => 'resolved' },
  false_positive: { from: OPEN, to: () => 'false_positive' },
  reopen: { from: ['resolved', 'false_positive'], to: () => 'new' },
};

/** The status an action leads to from `from`, or null when the action makes no sense there. */
export function nextStatus(action: StatusAction, from: string): AlertStatus | null {
  const rule = RULES[action];
  return (rule.from as readonly string[]).includes(from) ? rule.to(from as AlertStatus) : null;
}
