import { severityAtLeast, type RouteConfig, type Severity } from '../config/index.js';
import { subscriptionFromRoute, type Subscription } from './subscription.js';

/** What happened to an alert that may be worth telling someone about. */
export type AlertChange = 'opened' | 'escalated' | 'reopened';

export interface RoutableAlert {
  readonly placeId: string;
  readonly severity: Severity;
  /** The representative evidence's category. */
  readonly category: string;
  /** Every threat category the incident holds (its facets); a subscription wants any one of them. */
  readonly categories?: readonly string[];
  readonly campaign: boolean;
}

/** A subscription that wants this change; `digest` when it waits for the periodic summary instead. */
export interface RouteMatch {
  readonly subscription: Subscription;
  readonly digest: boolean;
}

/**
 * The subscriptions that want to hear about this change of this alert (pure; the outbox stores
 * the result). A campaign escalation reaches subscriptions that asked for campaigns whatever the
 * severity, and is never held for a digest: it is news now.
 */
export function matchSubscriptions(subscriptions: readonly Subscription[], alert: RoutableAlert, change: AlertChange): RouteMatch[] {
  const matches: RouteMatch[] = [];
  for (const subscription of subscriptions) {
    if (subscription.escalationOnly) continue;
    if (subscription.places !== 'all' && !subscription.places.includes(alert.placeId)) continue;
    if (subscription.categories && !(alert.categories ?? [alert.category]).some((c) => subscription.categories!.includes(c as never))) continue;
    if (change === 'escalated' && alert.campaign && subscription.campaigns) {
      matches.push({ subscription, digest: false });
      continue;
    }
    if (!severityAtLeast(alert.severity, subscription.minSeverity)) continue;
    const digest = subscription.digest !== undefined && !severityAtLeast(alert.severity, subscription.digest.below);
    matches.push({ subscription, digest });
  }
  return matches;
}

/** The config routes that want this change (kept for callers that only know routes.yaml). */
export function matchRoutes(routes: readonly RouteConfig[], alert: RoutableAlert, change: AlertChange): RouteConfig[] {
  const byName = new Map(routes.map((r) => [r.name, r]));
  return matchSubscriptions(routes.map(subscriptionFromRoute), alert, change).map((m) => byName.get(m.subscription.name)!);
}
