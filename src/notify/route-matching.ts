import { severityAtLeast, type RouteConfig, type Severity } from '../config/index.js';

/** What happened to an alert that may be worth telling someone about. */
export type AlertChange = 'opened' | 'escalated' | 'reopened';

export interface RoutableAlert {
  readonly placeId: string;
  readonly severity: Severity;
  readonly category: string;
  readonly campaign: boolean;
}

/** The routes that want to hear about this change of this alert (pure; the outbox stores the result). */
export function matchRoutes(routes: readonly RouteConfig[], alert: RoutableAlert, change: AlertChange): RouteConfig[] {
  return routes.filter((route) => {
    if (route.places !== 'all' && !route.places.includes(alert.placeId)) return false;
    if (route.categories && !route.categories.includes(alert.category as never)) return false;
    if (change === 'escalated' && alert.campaign && route.campaigns) return true;
    return severityAtLeast(alert.severity, route.min_severity);
  });
}
